import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { inTenant } from '../../core/context/unit-of-work.js';
import { queryRows } from '../../core/db/database.js';
import { actorFor, buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { createOpportunity, moveOpportunity } from './opportunities.commands.js';
import {
  defaultPipelineOf,
  insertCustomer,
  insertPipeline,
  type PipelineFixture,
} from './opportunities.fixtures.js';

interface Opportunity {
  id: string;
  name: string;
  customer: { id: string; name: string };
  amount: string;
  currency: string;
  pipelineId: string;
  stage: { id: string; name: string; kind: string; probability: number };
  status: string;
  probability: number;
  probabilityOverride: number | null;
  stageEnteredAt: string;
  expectedCloseDate: string | null;
  closedAt: string | null;
  owner: { id: string; name: string };
  lostReason: string | null;
  nextStep: string;
  tags: string[];
  deletedAt: string | null;
  version: number;
}

interface Page<T = Opportunity> {
  items: T[];
  nextCursor: string | null;
}

interface Change {
  type: 'stage' | 'amount';
  at: string;
  by: { id: string; name: string } | null;
  via: string;
  fromStage?: { id: string; name: string } | null;
  toStage?: { id: string; name: string };
  lostReason?: string | null;
  fromAmount?: string | null;
  fromCurrency?: string | null;
  toAmount?: string;
  toCurrency?: string;
}

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
  current?: Opportunity;
}

describe('opportunities', () => {
  const suite = useOrganizationApp({ organizationName: 'Initrode' });
  let sales: PipelineFixture;
  let partners: PipelineFixture;
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;
  /** Customers by who owns them. */
  let acme: string;
  let globex: string;
  let trashedCustomer: string;

  beforeAll(async () => {
    const { db } = suite.app.database;
    const { tenantId, rep: repPerson, otherRep: otherPerson } = suite.org;
    sales = await defaultPipelineOf(db, tenantId);
    partners = await insertPipeline(db, tenantId, { name: 'Partners' });
    acme = await insertCustomer(db, tenantId, { name: 'Acme', ownerId: repPerson.id });
    globex = await insertCustomer(db, tenantId, { name: 'Globex', ownerId: otherPerson.id });
    trashedCustomer = await insertCustomer(db, tenantId, {
      name: 'Gone Inc',
      ownerId: repPerson.id,
      deletedAt: new Date(),
    });
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
  });

  const create = async (client: TestClient, body: object) => {
    const response = await client.post('/api/v1/opportunities', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    return json<Opportunity>(response);
  };
  const problem = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    return json<Problem>(response);
  };
  /** The distinct field paths of a 422 (one field may break several rules). */
  const pathsOf = async (response: Response) => [
    ...new Set((await problem(response, 422)).errors?.map((e) => e.path)),
  ];
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));
  const eventsOf = (id: string) =>
    inDb<{ name: string; payload: Record<string, unknown>; via: string; actor_id: string }>(
      sql`select name, payload, via, actor_id from domain_events where stream_id = ${id} order by position`,
    );
  const auditOf = (id: string) =>
    inDb<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      sql`select action, before, after from audit_logs where entity_id = ${id} order by created_at, id`,
    );
  const historyOf = async (client: TestClient, id: string) =>
    (await json<Page<Change>>(await client.get(`/api/v1/opportunities/${id}/history`))).items;

  it('creates a deal owned by its creator in the default pipeline, first open stage, base currency', async () => {
    const deal = await create(rep, { name: 'Acme renewal', customerId: acme, amount: '40000.5' });
    expect(deal).toMatchObject({
      name: 'Acme renewal',
      customer: { id: acme, name: 'Acme' },
      amount: '40000.50',
      currency: 'USD',
      pipelineId: sales.pipelineId,
      stage: { id: sales.open[0], kind: 'open', probability: 10 },
      status: 'open',
      probability: 10,
      probabilityOverride: null,
      closedAt: null,
      owner: { id: suite.org.rep.id, name: 'Riley Rep' },
      version: 1,
    });
    expect(await json(await rep.get(`/api/v1/opportunities/${deal.id}`))).toEqual(deal);
    const history = await historyOf(rep, deal.id);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'stage',
          fromStage: null,
          toStage: { id: sales.open[0], name: deal.stage.name },
          by: { id: suite.org.rep.id, name: 'Riley Rep' },
          via: 'web',
        }),
        expect.objectContaining({
          type: 'amount',
          fromAmount: null,
          toAmount: '40000.50',
          toCurrency: 'USD',
        }),
      ]),
    );
    expect(history).toHaveLength(2);
    const events = await eventsOf(deal.id);
    expect(events.map((event) => event.name)).toEqual(['opportunity.created']);
    expect(events[0]).toMatchObject({
      via: 'web',
      actor_id: suite.org.rep.id,
      payload: {
        opportunityId: deal.id,
        name: 'Acme renewal',
        customerId: acme,
        customerName: 'Acme',
        ownerId: suite.org.rep.id,
        stageId: sales.open[0],
        amount: '40000.50',
        currency: 'USD',
      },
    });
    const audit = await auditOf(deal.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'opportunity.created',
        before: null,
        after: expect.objectContaining({ name: 'Acme renewal' }),
      }),
    ]);
  });

  it('creates with every field given: stage, currency, owner in scope, override, tags', async () => {
    const deal = await create(manager, {
      name: 'Acme expansion',
      customerId: acme,
      pipelineId: sales.pipelineId,
      stageId: sales.open[2],
      amount: 1250,
      currency: 'eur',
      ownerId: suite.org.rep.id,
      teamId: suite.org.teamId,
      expectedCloseDate: '2030-06-30',
      source: 'Referral',
      competitors: ['Initech', 'initech', 'Hooli'],
      competitionLevel: 'high',
      nextStep: 'Send the proposal',
      probabilityOverride: 35,
      tags: ['EMEA'],
    });
    expect(deal).toMatchObject({
      amount: '1250.00',
      currency: 'EUR',
      stage: { id: sales.open[2] },
      owner: { id: suite.org.rep.id },
      expectedCloseDate: '2030-06-30',
      probability: 35,
      probabilityOverride: 35,
      tags: ['EMEA'],
    });
    expect((deal as unknown as { competitors: string[] }).competitors).toEqual(['initech', 'Hooli']);
  });

  it('creates straight into a won or lost stage: closed, with the reason', async () => {
    const won = await create(rep, {
      name: 'Signed already',
      customerId: acme,
      stageId: sales.won,
      probabilityOverride: 60,
    });
    // A closed deal is certain, whatever estimate it carried.
    expect(won).toMatchObject({
      status: 'won',
      closedAt: expect.any(String),
      lostReason: null,
      probability: 100,
    });
    const lost = await create(rep, {
      name: 'Lost already',
      customerId: acme,
      stageId: sales.lost,
      lostReason: 'Budget cut',
      probabilityOverride: 80,
    });
    expect(lost).toMatchObject({ status: 'lost', lostReason: 'Budget cut', probability: 0 });
    expect((await historyOf(rep, lost.id)).find((c) => c.type === 'stage')?.lostReason).toBe('Budget cut');
  });

  it('refuses bad input with 422s naming the field', async () => {
    const base = { name: 'Bad', customerId: acme };
    const unknown = '01900000-0000-7000-8000-000000000000';
    const cases: [object, string][] = [
      [{ ...base, customerId: unknown }, 'body.customerId'],
      [{ ...base, customerId: trashedCustomer }, 'body.customerId'],
      // The rep does not see the other rep's customer.
      [{ ...base, customerId: globex }, 'body.customerId'],
      [{ ...base, stageId: unknown }, 'body.stageId'],
      [{ ...base, pipelineId: sales.pipelineId, stageId: partners.open[0] }, 'body.stageId'],
      [{ ...base, pipelineId: unknown }, 'body.pipelineId'],
      [{ ...base, amount: '10.123' }, 'body.amount'],
      [{ ...base, amount: '-5' }, 'body.amount'],
      [{ ...base, amount: -5 }, 'body.amount'],
      [{ ...base, amount: '1e5' }, 'body.amount'],
      [{ ...base, currency: 'XYZ' }, 'body.currency'],
      [{ ...base, probabilityOverride: 101 }, 'body.probabilityOverride'],
      [{ ...base, ownerId: suite.org.otherRep.id }, 'body.ownerId'],
      [{ ...base, ownerId: unknown }, 'body.ownerId'],
      [{ ...base, teamId: unknown }, 'body.teamId'],
      [{ ...base, lostReason: 'Not lost' }, 'body.lostReason'],
      [{ ...base, customFields: { nope: 1 } }, 'body.customFields.nope'],
      [{ ...base, name: '' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      expect({ body, paths: await pathsOf(await rep.post('/api/v1/opportunities', body)) }).toEqual({
        body,
        paths: [path],
      });
    }
    const { items } = await json<Page>(await rep.get('/api/v1/opportunities?q=bad'));
    expect(items).toEqual([]);
  });

  it('refuses references of another organization as unknown ones', async () => {
    const { db } = suite.app.database;
    const other = await buildOrganization(db, { name: 'Elsewhere' });
    const theirPipeline = await defaultPipelineOf(db, other.tenantId);
    const theirCustomer = await insertCustomer(db, other.tenantId, { name: 'Theirs', ownerId: other.rep.id });
    const base = { name: 'Cross', customerId: acme };
    expect(
      await pathsOf(await suite.admin.post('/api/v1/opportunities', { ...base, customerId: theirCustomer })),
    ).toEqual(['body.customerId']);
    expect(
      await pathsOf(
        await suite.admin.post('/api/v1/opportunities', { ...base, stageId: theirPipeline.open[0] }),
      ),
    ).toEqual(['body.stageId']);
    expect(
      await pathsOf(await suite.admin.post('/api/v1/opportunities', { ...base, ownerId: other.rep.id })),
    ).toEqual(['body.ownerId']);
  });

  it('updates fields, amount and owner in one version; each leaves its history, event and audit entry', async () => {
    const deal = await create(manager, {
      name: 'Globex pilot',
      customerId: acme,
      amount: '100',
      ownerId: suite.org.manager.id,
    });
    const response = await manager.patch(`/api/v1/opportunities/${deal.id}`, {
      version: deal.version,
      name: 'Globex rollout',
      nextStep: 'Book the demo',
      amount: '2500.25',
      currency: 'GBP',
      ownerId: suite.org.rep.id,
      probabilityOverride: 60,
    });
    expect(response.status).toBe(200);
    const updated = await json<Opportunity>(response);
    expect(updated).toMatchObject({
      name: 'Globex rollout',
      nextStep: 'Book the demo',
      amount: '2500.25',
      currency: 'GBP',
      owner: { id: suite.org.rep.id, name: 'Riley Rep' },
      probability: 60,
      version: deal.version + 1,
    });
    const events = await eventsOf(deal.id);
    expect(events.map((event) => event.name)).toEqual([
      'opportunity.created',
      'opportunity.updated',
      'opportunity.value_updated',
      'opportunity.assigned',
    ]);
    expect(events[1]!.payload.changed).toEqual(
      expect.arrayContaining(['name', 'nextStep', 'probabilityOverride']),
    );
    expect(events[2]!.payload).toMatchObject({
      fromAmount: '100.00',
      fromCurrency: 'USD',
      toAmount: '2500.25',
      toCurrency: 'GBP',
    });
    expect(events[3]!.payload).toMatchObject({
      fromOwnerId: suite.org.manager.id,
      toOwnerId: suite.org.rep.id,
      ownerId: suite.org.rep.id,
      customerName: 'Acme',
    });
    expect((await auditOf(deal.id)).map((entry) => entry.action)).toEqual(events.map((event) => event.name));
    const amounts = (await historyOf(rep, deal.id)).filter((change) => change.type === 'amount');
    expect(amounts[0]).toMatchObject({
      fromAmount: '100.00',
      toAmount: '2500.25',
      by: { id: suite.org.manager.id },
    });
    // The same values again change nothing: no new version, no event.
    const again = await json<Opportunity>(
      await rep.patch(`/api/v1/opportunities/${deal.id}`, {
        version: updated.version,
        amount: 2500.25,
        name: 'Globex rollout',
      }),
    );
    expect(again.version).toBe(updated.version);
    expect(await eventsOf(deal.id)).toHaveLength(4);
  });

  it('answers a stale version with 409 and the current deal, and changes nothing', async () => {
    const deal = await create(rep, { name: 'Stale', customerId: acme });
    const first = await json<Opportunity>(
      await rep.patch(`/api/v1/opportunities/${deal.id}`, { version: deal.version, nextStep: 'Call' }),
    );
    for (const request of [
      rep.patch(`/api/v1/opportunities/${deal.id}`, { version: deal.version, nextStep: 'Email' }),
      rep.post(`/api/v1/opportunities/${deal.id}/stage`, { version: deal.version, stageId: sales.open[1] }),
    ]) {
      const body = await problem(await request, 409);
      expect(body.code).toBe('stale_version');
      expect(body.current).toMatchObject({ id: deal.id, version: first.version, nextStep: 'Call' });
    }
    expect(await json<Opportunity>(await rep.get(`/api/v1/opportunities/${deal.id}`))).toMatchObject({
      version: first.version,
      nextStep: 'Call',
      stage: { id: sales.open[0] },
    });
  });

  it('refuses amounts and currencies that are not exact money', async () => {
    const deal = await create(rep, { name: 'Money', customerId: acme });
    for (const [body, path] of [
      [{ amount: '1.001' }, 'body.amount'],
      [{ amount: '-1' }, 'body.amount'],
      [{ amount: 'ten' }, 'body.amount'],
      [{ currency: 'XYZ' }, 'body.currency'],
      [{ probabilityOverride: -1 }, 'body.probabilityOverride'],
    ] as const) {
      expect(
        await pathsOf(await rep.patch(`/api/v1/opportunities/${deal.id}`, { version: 1, ...body })),
      ).toEqual([path]);
    }
  });

  it('moves through stages: stage history, closedAt on won, cleared on reopen, lost with its reason', async () => {
    const deal = await create(rep, { name: 'Mover', customerId: acme, amount: '900' });
    const move = async (body: object, expected = 200) => {
      const current = await json<Opportunity>(await rep.get(`/api/v1/opportunities/${deal.id}`));
      const response = await rep.post(`/api/v1/opportunities/${deal.id}/stage`, {
        version: current.version,
        ...body,
      });
      expect(response.status).toBe(expected);
      return json<Opportunity & Problem>(response);
    };
    const proposal = await move({ stageId: sales.open[2] });
    expect(proposal).toMatchObject({
      stage: { id: sales.open[2], kind: 'open', probability: 50 },
      status: 'open',
      probability: 50,
      closedAt: null,
      version: 2,
    });
    expect(Date.parse(proposal.stageEnteredAt)).toBeGreaterThanOrEqual(Date.parse(deal.stageEnteredAt));
    const won = await move({ stageId: sales.won });
    expect(won).toMatchObject({ status: 'won', closedAt: expect.any(String), probability: 100 });
    const reopened = await move({ stageId: sales.open[3] });
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, lostReason: null });
    const lost = await move({ stageId: sales.lost, lostReason: 'Went with Hooli' });
    expect(lost).toMatchObject({
      status: 'lost',
      lostReason: 'Went with Hooli',
      closedAt: expect.any(String),
      probability: 0,
    });

    expect((await move({ stageId: partners.open[0] }, 422)).errors?.map((e) => e.path)).toEqual([
      'body.stageId',
    ]);
    expect((await move({ stageId: sales.lost }, 422)).errors?.map((e) => e.path)).toEqual(['body.stageId']);
    expect((await move({ stageId: sales.open[0], lostReason: 'x' }, 422)).errors?.map((e) => e.path)).toEqual(
      ['body.lostReason'],
    );

    const stagesMoved = (await historyOf(rep, deal.id)).filter((change) => change.type === 'stage');
    expect(stagesMoved.map((change) => [change.fromStage?.id ?? null, change.toStage?.id])).toEqual([
      [sales.open[3], sales.lost],
      [sales.won, sales.open[3]],
      [sales.open[2], sales.won],
      [sales.open[0], sales.open[2]],
      [null, sales.open[0]],
    ]);
    expect(stagesMoved[0]).toMatchObject({
      lostReason: 'Went with Hooli',
      toStage: { name: 'Lost' },
      via: 'web',
      by: { id: suite.org.rep.id },
    });
    const moves = (await eventsOf(deal.id)).filter((event) => event.name === 'opportunity.stage_changed');
    expect(moves).toHaveLength(4);
    expect(moves[3]!.payload).toMatchObject({
      fromStageId: sales.open[3],
      fromStageName: 'Negotiation',
      toStageId: sales.lost,
      toStageName: 'Lost',
      lostReason: 'Went with Hooli',
      customerName: 'Acme',
      amount: '900.00',
    });
  });

  it('pages the history newest first', async () => {
    const deal = await create(rep, { name: 'Long history', customerId: acme });
    let version = deal.version;
    for (const stageId of [sales.open[1], sales.open[2], sales.open[3]]) {
      version = (
        await json<Opportunity>(
          await rep.post(`/api/v1/opportunities/${deal.id}/stage`, { version, stageId }),
        )
      ).version;
    }
    const seen: Change[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Change> = await json<Page<Change>>(
        await rep.get(`/api/v1/opportunities/${deal.id}/history?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(seen.map((change) => change.at)).toEqual([...seen.map((change) => change.at)].sort().reverse());
    expect(seen[0]).toMatchObject({ type: 'stage', toStage: { id: sales.open[3] } });
  });

  it('keeps deals in record scope: own for reps, the team for managers, all for admins; 404 outside', async () => {
    const mine = await create(rep, { name: 'Scope rep deal', customerId: acme });
    const theirs = await create(otherRep, { name: 'Scope other deal', customerId: globex });
    const visible = async (client: TestClient) =>
      (await json<Page>(await client.get('/api/v1/opportunities?q=scope'))).items
        .map((deal) => deal.id)
        .sort();
    expect(await visible(rep)).toEqual([mine.id]);
    expect(await visible(otherRep)).toEqual([theirs.id]);
    expect(await visible(manager)).toEqual([mine.id]);
    expect(await visible(suite.admin)).toEqual([mine.id, theirs.id].sort());
    const deal = `/api/v1/opportunities/${mine.id}`;
    for (const response of [
      await otherRep.get(deal),
      await otherRep.get(`${deal}/history`),
      await otherRep.patch(deal, { version: mine.version, name: 'Hijacked' }),
      await otherRep.post(`${deal}/stage`, { version: mine.version, stageId: sales.open[1] }),
      await otherRep.delete(deal),
      await manager.get(`/api/v1/opportunities/${theirs.id}`),
    ]) {
      expect((await problem(response, 404)).code).toBe('not_found');
    }
    expect((await manager.get(deal)).status).toBe(200);
    expect((await suite.admin.get(`/api/v1/opportunities/${theirs.id}`)).status).toBe(200);
    // A rep gives deals to nobody but themselves; a manager to the members of their team.
    expect(
      await pathsOf(await rep.patch(deal, { version: mine.version, ownerId: suite.org.otherRep.id })),
    ).toEqual(['body.ownerId']);
    expect(
      await pathsOf(await manager.patch(deal, { version: mine.version, ownerId: suite.org.otherRep.id })),
    ).toEqual(['body.ownerId']);
    expect(await json<Opportunity>(await rep.get(deal))).toMatchObject({
      name: 'Scope rep deal',
      version: mine.version,
    });
  });

  it('writes the event and the audit entry in the command transaction: a rollback leaves neither', async () => {
    const { db } = suite.app.database;
    const actor = actorFor(suite.org, suite.org.rep, 'sales_rep', 'slack');
    let createdId = '';
    await expect(
      inTenant(db, actor, async (tx) => {
        const created = await createOpportunity({ actor, tx, name: 'Rolled back', customerId: acme });
        createdId = created.opportunity.id;
        throw new Error('the chat reply failed');
      }),
    ).rejects.toThrow('the chat reply failed');
    expect(createdId).not.toBe('');
    expect(await eventsOf(createdId)).toEqual([]);
    expect(await auditOf(createdId)).toEqual([]);
    expect(
      await inDb(sql`select id from opportunity_stage_history where opportunity_id = ${createdId}`),
    ).toEqual([]);
    expect((await rep.get(`/api/v1/opportunities/${createdId}`)).status).toBe(404);

    // Committed through the same command from chat: the history says slack, and so do event and audit.
    const created = await inTenant(db, actor, (tx) =>
      createOpportunity({ actor, tx, name: 'From chat', customerId: acme, amount: '10' }),
    );
    const moved = await inTenant(db, actor, (tx) =>
      moveOpportunity({
        actor,
        tx,
        opportunityId: created.opportunity.id,
        stageId: sales.open[1]!,
        version: 1,
      }),
    );
    expect(moved.stage.id).toBe(sales.open[1]);
    const history = await historyOf(rep, created.opportunity.id);
    expect(history.map((change) => change.via)).toEqual(['slack', 'slack', 'slack']);
    expect((await eventsOf(created.opportunity.id)).map((event) => [event.name, event.via])).toEqual([
      ['opportunity.created', 'slack'],
      ['opportunity.stage_changed', 'slack'],
    ]);
  });

  it('moves deals to the trash and back: hidden, listed in the trash, restorable, history kept', async () => {
    const deal = await create(rep, { name: 'Trash me', customerId: acme });
    expect((await rep.delete(`/api/v1/opportunities/${deal.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
    expect((await rep.get(`/api/v1/opportunities/${deal.id}/history`)).status).toBe(404);
    expect((await rep.delete(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
    const live = await json<Page>(await rep.get('/api/v1/opportunities?q=trash'));
    expect(live.items).toEqual([]);
    const trash = await json<Page>(await rep.get('/api/v1/opportunities?deleted=true&q=trash'));
    expect(trash.items.map((item) => [item.id, item.deletedAt !== null])).toEqual([[deal.id, true]]);
    expect((await otherRep.post(`/api/v1/opportunities/${deal.id}/restore`)).status).toBe(404);
    const restored = await rep.post(`/api/v1/opportunities/${deal.id}/restore`);
    expect(restored.status).toBe(200);
    expect(await json<Opportunity>(restored)).toMatchObject({ id: deal.id, deletedAt: null, version: 3 });
    expect((await rep.post(`/api/v1/opportunities/${deal.id}/restore`)).status).toBe(404);
    expect(await historyOf(rep, deal.id)).toHaveLength(2);
    expect((await eventsOf(deal.id)).map((event) => event.name)).toEqual([
      'opportunity.created',
      'opportunity.deleted',
      'opportunity.restored',
    ]);
    const audit = await auditOf(deal.id);
    expect(audit[1]).toMatchObject({
      action: 'opportunity.deleted',
      before: { deletedAt: null },
      after: { deletedBy: suite.org.rep.id },
    });
  });

  it('filters and pages the list, newest first', async () => {
    const made: Opportunity[] = [];
    for (const [name, extra] of [
      ['Filter 100% one', { expectedCloseDate: '2031-01-10' }],
      ['Filter two', { expectedCloseDate: '2031-02-10', stageId: sales.open[1] }],
      ['FILTER three', { expectedCloseDate: '2031-03-10', stageId: sales.won }],
    ] as const) {
      made.push(await create(suite.admin, { name, customerId: acme, ownerId: suite.org.rep.id, ...extra }));
    }
    const ids = async (query: string) =>
      (await json<Page>(await suite.admin.get(`/api/v1/opportunities?q=filter&${query}`))).items.map(
        (d) => d.name,
      );
    expect(await ids('')).toEqual(['FILTER three', 'Filter two', 'Filter 100% one']);
    expect(
      (await json<Page>(await suite.admin.get('/api/v1/opportunities?q=100%25'))).items.map((d) => d.name),
    ).toEqual(['Filter 100% one']);
    expect(await ids('status=won')).toEqual(['FILTER three']);
    expect(await ids(`stageId=${sales.open[1]}`)).toEqual(['Filter two']);
    expect(await ids(`pipelineId=${partners.pipelineId}`)).toEqual([]);
    expect(await ids(`ownerId=${suite.org.otherRep.id}`)).toEqual([]);
    expect(await ids(`customerId=${acme}&closingAfter=2031-02-01&closingBefore=2031-02-28`)).toEqual([
      'Filter two',
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await json<Page>(
        await suite.admin.get(`/api/v1/opportunities?q=filter&limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.items.map((d) => d.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['FILTER three', 'Filter two', 'Filter 100% one']);
    expect(await pathsOf(await suite.admin.get('/api/v1/opportunities?cursor=nonsense'))).toEqual([
      'query.cursor',
    ]);
    expect(await pathsOf(await suite.admin.get('/api/v1/opportunities?status=maybe'))).toEqual([
      'query.status',
    ]);
  });
});
