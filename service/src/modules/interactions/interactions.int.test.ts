import { beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import {
  auditLogs,
  customers,
  domainEvents,
  opportunities,
  pipelines,
  stages,
} from '../../core/db/schema.js';
import { actorFor, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { logInteraction } from './interactions.commands.js';

interface Interaction {
  id: string;
  type: string;
  direction: string | null;
  occurredAt: string;
  durationMinutes: number | null;
  participants: { contactIds: string[]; userIds: string[] };
  outcome: string | null;
  summary: string;
  customer: { id: string; name: string } | null;
  opportunity: { id: string; name: string } | null;
  nextStep: string;
  attended: boolean | null;
  decisionMakerPresent: boolean | null;
  objectionRaised: boolean | null;
  owner: { id: string; name: string };
  deletedAt: string | null;
  version: number;
}
interface Page {
  items: Interaction[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
  current?: Interaction;
}

const NOT_A_RECORD = '01900000-0000-7000-8000-000000000000';

describe('interactions', () => {
  const suite = useOrganizationApp({ organizationName: 'Vandelay Industries' });
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
  });

  const inTenant = <T>(work: Parameters<typeof suite.app.database.db.transaction<T>>[1]) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, work);

  /** A customer row owned by `ownerId` (written directly: the customers module is tested on its own). */
  async function newCustomer(name: string, ownerId: string): Promise<string> {
    const [row] = await inTenant((tx) =>
      tx.insert(customers).values({ tenantId: suite.org.tenantId, name, ownerId }).returning(),
    );
    return row!.id;
  }

  /** A deal at `customerId`, in a pipeline and stage of its own (written directly, as above). */
  async function newOpportunity(name: string, customerId: string, ownerId: string): Promise<string> {
    const tenantId = suite.org.tenantId;
    return inTenant(async (tx) => {
      const [pipeline] = await tx
        .insert(pipelines)
        .values({ tenantId, name: `Pipeline for ${name}` })
        .returning();
      const [stage] = await tx
        .insert(stages)
        .values({ tenantId, pipelineId: pipeline!.id, name: 'Qualification', probability: 20, position: 0 })
        .returning();
      const [opportunity] = await tx
        .insert(opportunities)
        .values({
          tenantId,
          name,
          customerId,
          currency: 'USD',
          amount: '1000.00',
          pipelineId: pipeline!.id,
          stageId: stage!.id,
          ownerId,
        })
        .returning();
      return opportunity!.id;
    });
  }

  const paths = async (response: Response) => {
    const problem = await json<Problem>(response);
    return { status: response.status, paths: problem.errors?.map((error) => error.path) };
  };

  it('logs, reads, updates with versions, deletes to the trash and restores', async () => {
    const kramerica = await newCustomer('Kramerica', suite.org.rep.id);
    const deal = await newOpportunity('Oil bladder', kramerica, suite.org.rep.id);
    const contact = await json<{ id: string }>(await rep.post('/api/v1/contacts', { name: 'Cosmo Kramer' }));
    const before = Date.now();
    const logged = await rep.post('/api/v1/interactions', {
      type: 'meeting',
      direction: 'outbound',
      durationMinutes: 45,
      opportunityId: deal,
      summary: 'Walked through the bladder demo',
      outcome: 'positive',
      nextStep: 'Send the proposal',
      participants: { contactIds: [contact.id], userIds: [suite.org.rep.id, suite.org.manager.id] },
      attended: true,
      decisionMakerPresent: true,
      objectionRaised: false,
    });
    expect(logged.status).toBe(201);
    const interaction = await json<Interaction>(logged);
    expect(interaction).toMatchObject({
      type: 'meeting',
      customer: { id: kramerica, name: 'Kramerica' },
      opportunity: { id: deal, name: 'Oil bladder' },
      owner: { id: suite.org.rep.id, name: 'Riley Rep' },
      participants: {
        contactIds: [contact.id],
        userIds: [suite.org.rep.id, suite.org.manager.id].sort(),
      },
      attended: true,
      replied: null,
      version: 1,
      deletedAt: null,
    });
    expect(Date.parse(interaction.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await json(await rep.get(`/api/v1/interactions/${interaction.id}`))).toEqual(interaction);

    const updated = await json<Interaction>(
      await rep.patch(`/api/v1/interactions/${interaction.id}`, {
        version: 1,
        outcome: 'neutral',
        occurredAt: '2026-01-15T09:30:00+01:00',
        participants: { contactIds: [] },
      }),
    );
    expect(updated).toMatchObject({
      outcome: 'neutral',
      occurredAt: '2026-01-15T08:30:00.000Z',
      participants: { contactIds: [], userIds: [] },
      customer: { id: kramerica },
      version: 2,
    });
    const stale = await rep.patch(`/api/v1/interactions/${interaction.id}`, { version: 1, summary: 'Stale' });
    expect(stale.status).toBe(409);
    expect(await json<Problem>(stale)).toMatchObject({
      code: 'stale_version',
      current: { id: interaction.id, outcome: 'neutral', version: 2 },
    });

    expect((await rep.delete(`/api/v1/interactions/${interaction.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/interactions/${interaction.id}`)).status).toBe(404);
    const live = await json<Page>(await rep.get('/api/v1/interactions'));
    expect(live.items.map((item) => item.id)).not.toContain(interaction.id);
    const trash = await json<Page>(await rep.get('/api/v1/interactions?deleted=true'));
    expect(trash.items.map((item) => item.id)).toEqual([interaction.id]);
    const restored = await rep.post(`/api/v1/interactions/${interaction.id}/restore`);
    expect(restored.status).toBe(200);
    expect(await json(restored)).toMatchObject({ id: interaction.id, deletedAt: null, version: 4 });
    expect((await rep.post(`/api/v1/interactions/${interaction.id}/restore`)).status).toBe(404);
  });

  it('answers bad input with 422 naming the field', async () => {
    const mine = await newCustomer('Pendant Publishing', suite.org.rep.id);
    const theirs = await newCustomer('Monks Diner', suite.org.otherRep.id);
    const elsewhere = await newCustomer('Elsewhere Ltd', suite.org.rep.id);
    const dealElsewhere = await newOpportunity('Elsewhere deal', elsewhere, suite.org.rep.id);
    const theirDeal = await newOpportunity('Their deal', theirs, suite.org.otherRep.id);
    const hiddenContact = await json<{ id: string }>(
      await otherRep.post('/api/v1/contacts', { name: 'Hidden Contact' }),
    );
    const post = (body: object) => rep.post('/api/v1/interactions', { type: 'call', ...body });
    expect(
      await paths(await rep.post('/api/v1/interactions', { type: 'fax', occurredAt: 'yesterday' })),
    ).toEqual({
      status: 422,
      paths: ['body.type', 'body.occurredAt'],
    });
    expect(await paths(await post({ durationMinutes: -5, outcome: 'great', attended: 'yes' }))).toEqual({
      status: 422,
      paths: ['body.durationMinutes', 'body.outcome', 'body.attended'],
    });
    expect(await paths(await post({ customerId: NOT_A_RECORD }))).toEqual({
      status: 422,
      paths: ['body.customerId'],
    });
    expect(await paths(await post({ customerId: theirs }))).toEqual({
      status: 422,
      paths: ['body.customerId'],
    });
    expect(await paths(await post({ opportunityId: theirDeal }))).toEqual({
      status: 422,
      paths: ['body.opportunityId'],
    });
    const mismatch = await post({ customerId: mine, opportunityId: dealElsewhere });
    expect(await paths(mismatch)).toEqual({ status: 422, paths: ['body.opportunityId'] });
    expect(
      await paths(
        await post({
          participants: {
            contactIds: [hiddenContact.id],
            userIds: [suite.org.rep.id, NOT_A_RECORD],
          },
        }),
      ),
    ).toEqual({ status: 422, paths: ['body.participants.contactIds.0', 'body.participants.userIds.1'] });
    expect(await paths(await post({ ownerId: suite.org.otherRep.id }))).toEqual({
      status: 422,
      paths: ['body.ownerId'],
    });
    expect(await paths(await post({ customFields: { mood: 'sunny' } }))).toEqual({
      status: 422,
      paths: ['body.customFields.mood'],
    });
    const created = await json<Interaction>(await post({ customerId: mine }));
    expect(
      await paths(
        await rep.patch(`/api/v1/interactions/${created.id}`, { version: 1, opportunityId: dealElsewhere }),
      ),
    ).toEqual({ status: 200, paths: undefined });
    const moved = await json<Interaction>(await rep.get(`/api/v1/interactions/${created.id}`));
    // Only the opportunity given: the customer is the opportunity's.
    expect(moved.customer?.id).toBe(elsewhere);
    expect(
      await paths(await rep.patch(`/api/v1/interactions/${created.id}`, { version: 2, customerId: mine })),
    ).toEqual({ status: 422, paths: ['body.opportunityId'] });
  });

  it('scopes interactions: own, the team for managers, all for admins, and those about what one sees', async () => {
    const logged = await json<Interaction>(
      await rep.post('/api/v1/interactions', { type: 'call', summary: 'Private call' }),
    );
    for (const request of [
      otherRep.get(`/api/v1/interactions/${logged.id}`),
      otherRep.patch(`/api/v1/interactions/${logged.id}`, { version: 1, summary: 'Mine now' }),
      otherRep.delete(`/api/v1/interactions/${logged.id}`),
    ]) {
      const response = await request;
      expect({ status: response.status, code: (await json<Problem>(response)).code }).toEqual({
        status: 404,
        code: 'not_found',
      });
    }
    const ids = async (client: TestClient) =>
      (await json<Page>(await client.get('/api/v1/interactions?limit=200'))).items.map((item) => item.id);
    expect(await ids(otherRep)).not.toContain(logged.id);
    expect(await ids(manager)).toContain(logged.id);
    expect(await ids(suite.admin)).toContain(logged.id);
    expect(
      (await manager.patch(`/api/v1/interactions/${logged.id}`, { version: 1, outcome: 'positive' })).status,
    ).toBe(200);

    // A manager logs for a member of their team, not for someone outside it.
    const forRep = await manager.post('/api/v1/interactions', { type: 'demo', ownerId: suite.org.rep.id });
    expect(await json(forRep)).toMatchObject({ owner: { id: suite.org.rep.id } });
    expect(
      await paths(
        await manager.post('/api/v1/interactions', { type: 'demo', ownerId: suite.org.otherRep.id }),
      ),
    ).toEqual({ status: 422, paths: ['body.ownerId'] });

    // otherRep's call about the rep's customer: the rep sees it, but it is not theirs to change.
    const shared = await newCustomer('Shared Customer', suite.org.rep.id);
    const theirCall = await json<Interaction>(
      await suite.admin.post('/api/v1/interactions', {
        type: 'call',
        customerId: shared,
        ownerId: suite.org.otherRep.id,
      }),
    );
    expect((await rep.get(`/api/v1/interactions/${theirCall.id}`)).status).toBe(200);
    expect(await ids(rep)).toContain(theirCall.id);
    const change = await rep.patch(`/api/v1/interactions/${theirCall.id}`, { version: 1, summary: 'x' });
    expect({ status: change.status, code: (await json<Problem>(change)).code }).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await rep.delete(`/api/v1/interactions/${theirCall.id}`)).status).toBe(403);
    expect((await otherRep.get(`/api/v1/interactions/${theirCall.id}`)).status).toBe(200);
  });

  it('lists latest first with keyset pages and filters', async () => {
    const customer = await newCustomer('Filter Corp', suite.org.admin.id);
    const deal = await newOpportunity('Filter deal', customer, suite.org.admin.id);
    const contact = await json<{ id: string }>(
      await suite.admin.post('/api/v1/contacts', { name: 'Filter Person' }),
    );
    const log = async (body: object) =>
      json<Interaction>(await suite.admin.post('/api/v1/interactions', { customerId: customer, ...body }));
    const a = await log({ type: 'email', occurredAt: '2025-03-01T10:00:00Z' });
    const b = await log({
      type: 'call',
      occurredAt: '2025-03-02T10:00:00Z',
      opportunityId: deal,
      participants: { contactIds: [contact.id] },
    });
    const c = await log({ type: 'call', occurredAt: '2025-03-03T10:00:00Z', ownerId: suite.org.rep.id });
    const list = async (query: string) =>
      (await json<Page>(await suite.admin.get(`/api/v1/interactions?${query}`))).items.map((item) => item.id);
    const first = await json<Page>(
      await suite.admin.get(`/api/v1/interactions?customerId=${customer}&limit=2`),
    );
    expect(first.items.map((item) => item.id)).toEqual([c.id, b.id]);
    const second = await json<Page>(
      await suite.admin.get(`/api/v1/interactions?customerId=${customer}&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second).toMatchObject({ items: [{ id: a.id }], nextCursor: null });
    expect(await list(`opportunityId=${deal}`)).toEqual([b.id]);
    expect(await list(`contactId=${contact.id}`)).toEqual([b.id]);
    expect(await list(`customerId=${customer}&type=call`)).toEqual([c.id, b.id]);
    expect(await list(`customerId=${customer}&ownerId=${suite.org.rep.id}`)).toEqual([c.id]);
    expect(
      await list(
        `customerId=${customer}&occurredAfter=2025-03-02T10:00:00Z&occurredBefore=2025-03-03T10:00:00Z`,
      ),
    ).toEqual([b.id]);
    expect(await paths(await suite.admin.get('/api/v1/interactions?occurredAfter=soon&type=fax'))).toEqual({
      status: 422,
      paths: ['query.type', 'query.occurredAfter'],
    });
  });

  it('writes the event and audit entry with the change, and neither when the transaction rolls back', async () => {
    const customer = await newCustomer('Evented Inc', suite.org.rep.id);
    const deal = await newOpportunity('Evented deal', customer, suite.org.rep.id);
    const logged = await json<Interaction>(
      await rep.post('/api/v1/interactions', {
        type: 'demo',
        opportunityId: deal,
        outcome: 'positive',
        summary: 'Demo went well',
        occurredAt: '2025-06-01T12:00:00Z',
      }),
    );
    await rep.patch(`/api/v1/interactions/${logged.id}`, { version: 1, replied: true });
    await rep.delete(`/api/v1/interactions/${logged.id}`);
    await rep.post(`/api/v1/interactions/${logged.id}/restore`);
    const trail = (id: string) =>
      inTenant(async (tx) => ({
        events: await tx
          .select()
          .from(domainEvents)
          .where(eq(domainEvents.streamId, id))
          .orderBy(domainEvents.position),
        // Audit ids are UUIDv7: ordered by when each entry was written.
        audit: await tx.select().from(auditLogs).where(eq(auditLogs.entityId, id)).orderBy(auditLogs.id),
      }));
    const { events, audit } = await trail(logged.id);
    const steps = ['logged', 'updated', 'deleted', 'restored'];
    expect(events.map((event) => [event.name, event.actorId, event.via])).toEqual(
      steps.map((step) => [`interaction.${step}`, suite.org.rep.id, 'web']),
    );
    expect(events[0]!.payload).toEqual({
      id: logged.id,
      type: 'demo',
      outcome: 'positive',
      customerId: customer,
      customerName: 'Evented Inc',
      opportunityId: deal,
      opportunityName: 'Evented deal',
      ownerId: suite.org.rep.id,
      occurredAt: '2025-06-01T12:00:00.000Z',
      summary: 'Demo went well',
    });
    expect(audit.map((entry) => entry.action)).toEqual(steps.map((step) => `interaction.${step}`));
    expect(audit[1]!.before).toMatchObject({ replied: null, version: 1 });
    expect(audit[1]!.after).toMatchObject({ replied: true, version: 2 });

    let id = '';
    const actor = actorFor(suite.org, suite.org.rep, 'sales_rep', 'slack');
    await expect(
      inTenant(async (tx) => {
        id = (await logInteraction({ actor, tx, type: 'note', summary: 'Never happened' })).interaction.id;
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(id).not.toBe('');
    const none = await trail(id);
    expect({ events: none.events.length, audit: none.audit.length }).toEqual({ events: 0, audit: 0 });
  });
});
