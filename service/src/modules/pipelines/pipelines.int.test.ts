import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import type { Tx } from '../../core/db/database.js';
import {
  auditLogs,
  customers,
  domainEvents,
  opportunities,
  pipelines,
  stages,
  tenants,
} from '../../core/db/schema.js';
import { migrationsFolder } from '../../core/db/migrations.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { ORG_ADMIN_PERMISSIONS } from '../../core/identity/permissions.js';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { createPipeline, updatePipeline } from './pipelines.commands.js';
import { defaultPipeline, findStage } from './pipelines.repo.js';

interface Stage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  position: number;
}
interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  position: number;
  stages: Stage[];
  version: number;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  current?: Pipeline;
}

const STAGES = [
  { name: 'Lead', kind: 'open', probability: 10 },
  { name: 'Demo', kind: 'open', probability: 40 },
  { name: 'Closed won', kind: 'won', probability: 100 },
  { name: 'Closed lost', kind: 'lost', probability: 0 },
];
const shape = (list: Stage[]) => list.map(({ name, kind, probability }) => ({ name, kind, probability }));

describe('pipelines', () => {
  const suite = useOrganizationApp({ organizationName: 'Initech' });
  const db = () => suite.app.database.db;
  const inTenant = <T>(org: TestOrganization, work: (tx: Tx) => Promise<T>) =>
    db().transaction({ tenantId: org.tenantId }, work);

  async function create(name: string, extra: object = {}) {
    const response = await suite.admin.post('/api/v1/pipelines', { name, stages: STAGES, ...extra });
    expect(response.status).toBe(201);
    return json<Pipeline>(response);
  }
  const list = async (client = suite.admin) =>
    (await json<{ items: Pipeline[] }>(await client.get('/api/v1/pipelines'))).items;

  /** A deal sitting in `stageId` (the opportunities module's own commands are not needed for this). */
  async function dealIn(
    stage: Stage,
    pipelineId: string,
    status = stage.kind,
    deletedAt: Date | null = null,
  ) {
    const { tenantId, rep } = suite.org;
    const customerId = newId();
    await inTenant(suite.org, async (tx) => {
      await tx.insert(customers).values({ tenantId, id: customerId, name: 'Globex', ownerId: rep.id });
      await tx.insert(opportunities).values({
        tenantId,
        name: 'Globex renewal',
        customerId,
        currency: 'USD',
        pipelineId,
        stageId: stage.id,
        status,
        ownerId: rep.id,
        deletedAt,
      });
    });
  }

  it('gives a new organization the default pipeline, which every member reads', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const [sales, ...others] = await list(rep);
    expect(others).toEqual([]);
    expect(sales).toMatchObject({ name: 'Sales', isDefault: true, version: 1 });
    expect(shape(sales!.stages)).toEqual([
      { name: 'Prospecting', kind: 'open', probability: 10 },
      { name: 'Qualification', kind: 'open', probability: 20 },
      { name: 'Proposal', kind: 'open', probability: 50 },
      { name: 'Negotiation', kind: 'open', probability: 75 },
      { name: 'Won', kind: 'won', probability: 100 },
      { name: 'Lost', kind: 'lost', probability: 0 },
    ]);
    expect(sales!.stages.map((stage) => stage.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const found = await inTenant(suite.org, (tx) => defaultPipeline(tx));
    expect(found).toMatchObject({ pipeline: { id: sales!.id }, stage: { name: 'Prospecting' } });
  });

  it('creates pipelines with ordered stages; names are unique ignoring case; isDefault moves the flag', async () => {
    const partners = await create('Partners');
    expect(partners).toMatchObject({ name: 'Partners', isDefault: false, position: 1 });
    expect(shape(partners.stages)).toEqual(STAGES);
    const taken = await suite.admin.post('/api/v1/pipelines', { name: 'partners', stages: STAGES });
    expect(taken.status).toBe(409);
    expect(await json(taken)).toMatchObject({ code: 'pipeline_name_taken' });

    const renewals = await create('Renewals', { isDefault: true });
    expect(renewals.isDefault).toBe(true);
    expect((await list()).map((p) => [p.name, p.isDefault])).toEqual([
      ['Sales', false],
      ['Partners', false],
      ['Renewals', true],
    ]);
    const sales = (await list()).find((p) => p.name === 'Sales')!;
    const back = await suite.admin.patch(`/api/v1/pipelines/${sales.id}`, {
      version: sales.version,
      isDefault: true,
    });
    expect(await json(back)).toMatchObject({ isDefault: true, version: sales.version + 1 });
    expect((await list()).filter((p) => p.isDefault).map((p) => p.name)).toEqual(['Sales']);
    const unset = await suite.admin.patch(`/api/v1/pipelines/${sales.id}`, {
      version: sales.version + 1,
      isDefault: false,
    });
    expect(unset.status).toBe(422);
    expect((await json<Problem>(unset)).errors?.map((e) => e.path)).toEqual(['body.isDefault']);
  });

  it('needs an open, a won and a lost stage, and stage names that do not repeat (422 naming the field)', async () => {
    const noWon = await suite.admin.post('/api/v1/pipelines', {
      name: 'Broken',
      stages: STAGES.filter((stage) => stage.kind !== 'won'),
    });
    expect(noWon.status).toBe(422);
    const problem = await json<Problem>(noWon);
    expect(problem.errors).toEqual([
      { path: 'body.stages', message: expect.stringContaining('missing: won') as unknown },
    ]);
    const onlyClosed = await suite.admin.post('/api/v1/pipelines', {
      name: 'Broken',
      stages: STAGES.filter((stage) => stage.kind !== 'open'),
    });
    expect((await json<Problem>(onlyClosed)).errors?.map((e) => e.path)).toEqual(['body.stages']);
    const repeated = await suite.admin.post('/api/v1/pipelines', {
      name: 'Broken',
      stages: [...STAGES, { name: 'demo', kind: 'open', probability: 30 }],
    });
    expect((await json<Problem>(repeated)).errors?.map((e) => e.path)).toEqual(['body.stages.4.name']);
    const badProbability = await suite.admin.post('/api/v1/pipelines', {
      name: 'Broken',
      stages: [{ ...STAGES[0], probability: 101 }, ...STAGES.slice(1)],
    });
    expect((await json<Problem>(badProbability)).errors?.map((e) => e.path)).toEqual([
      'body.stages.0.probability',
    ]);
    // A closed deal is certain: won stages are 100%, lost ones 0%.
    const uncertainWon = await suite.admin.post('/api/v1/pipelines', {
      name: 'Broken',
      stages: STAGES.map((stage) => (stage.kind === 'won' ? { ...stage, probability: 50 } : stage)),
    });
    expect((await json<Problem>(uncertainWon)).errors?.map((e) => e.path)).toEqual([
      `body.stages.${STAGES.findIndex((stage) => stage.kind === 'won')}.probability`,
    ]);
    expect((await list()).map((p) => p.name)).not.toContain('Broken');
  });

  it('renames, reorders, adds and archives stages; kept stages keep their ids (history stays intact)', async () => {
    const pipeline = await create('Upsell');
    const [lead, demo, won, lost] = pipeline.stages as [Stage, Stage, Stage, Stage];
    const response = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      name: 'Upsell and cross-sell',
      stages: [
        { id: demo.id, name: 'Product demo', kind: 'open', probability: 45 },
        { name: 'Trial', kind: 'open', probability: 60 },
        { id: won.id, name: 'Won', kind: 'won', probability: 100 },
        { id: lost.id, name: 'Lost', kind: 'lost', probability: 0 },
      ],
    });
    expect(response.status).toBe(200);
    const updated = await json<Pipeline>(response);
    expect(updated).toMatchObject({ name: 'Upsell and cross-sell', version: pipeline.version + 1 });
    expect(updated.stages.map((s) => [s.name, s.position])).toEqual([
      ['Product demo', 0],
      ['Trial', 1],
      ['Won', 2],
      ['Lost', 3],
    ]);
    expect(updated.stages[0]!.id).toBe(demo.id);
    expect(updated.stages[2]!.id).toBe(won.id);
    const [archived] = await inTenant<(typeof stages.$inferSelect)[]>(suite.org, (tx) =>
      tx.select().from(stages).where(eq(stages.id, lead.id)),
    );
    expect(archived?.archivedAt).toBeInstanceOf(Date);
    const [gone, kept] = await inTenant(suite.org, async (tx) => [
      await findStage(tx, lead.id),
      await findStage(tx, demo.id),
    ]);
    expect(gone).toBeUndefined();
    expect(kept).toMatchObject({ stage: { name: 'Product demo' }, pipeline: { id: pipeline.id } });
  });

  it('refuses to archive a stage open deals are in (409 stage_in_use naming it); closed or deleted deals do not hold it', async () => {
    const pipeline = await create('Channel');
    const [lead, demo, won, lost] = pipeline.stages as [Stage, Stage, Stage, Stage];
    await dealIn(demo, pipeline.id);
    await dealIn(lead, pipeline.id, 'open', new Date());
    await dealIn(won, pipeline.id);
    const withoutDemo = [lead, won, lost].map(({ id, name, kind, probability }) => ({
      id,
      name,
      kind,
      probability,
    }));
    const refused = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: withoutDemo,
    });
    expect(refused.status).toBe(409);
    const problem = await json<Problem>(refused);
    expect(problem.code).toBe('stage_in_use');
    expect(problem.detail).toContain('"Demo"');
    expect((await list()).find((p) => p.id === pipeline.id)).toMatchObject({
      version: 1,
      stages: pipeline.stages,
    });

    // The lead stage holds only a deleted deal, and the won stage a won one: both may go.
    const keep = [demo, lost].map(({ id, name, kind, probability }) => ({ id, name, kind, probability }));
    const accepted = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: [...keep, { name: 'Signed', kind: 'won', probability: 100 }],
    });
    expect(accepted.status).toBe(200);
    expect((await json<Pipeline>(accepted)).stages.map((s) => s.name)).toEqual([
      'Demo',
      'Closed lost',
      'Signed',
    ]);
  });

  it('keeps the kind of a stage deals are in (422), and refuses stage ids of other pipelines (422 on body.stages.N.id)', async () => {
    const pipeline = await create('Kinds');
    const [lead, demo, won, lost] = pipeline.stages as [Stage, Stage, Stage, Stage];
    await dealIn(demo, pipeline.id);
    const asIs = (stage: Stage) => ({
      id: stage.id,
      name: stage.name,
      kind: stage.kind,
      probability: stage.probability,
    });
    const kind = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: [asIs(lead), { ...asIs(demo), kind: 'won', probability: 100 }, asIs(won), asIs(lost)],
    });
    expect(kind.status).toBe(422);
    expect((await json<Problem>(kind)).errors?.map((e) => e.path)).toEqual(['body.stages.1.kind']);
    // A stage without deals may change its kind.
    const relabelled = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      stages: [asIs(demo), { ...asIs(lead), kind: 'lost', probability: 0 }, asIs(won), asIs(lost)],
    });
    expect(relabelled.status).toBe(200);

    const sales = (await list()).find((p) => p.name === 'Sales')!;
    const elsewhere = await buildOrganization(db());
    const [foreign] = await inTenant(elsewhere, (tx) => tx.select({ id: stages.id }).from(stages).limit(1));
    const current = (await list()).find((p) => p.id === pipeline.id)!;
    const response = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: current.version,
      stages: [
        { id: sales.stages[0]!.id, name: 'Borrowed', kind: 'open', probability: 10 },
        ...current.stages.map(asIs),
        { id: foreign!.id, name: 'Foreign', kind: 'open', probability: 10 },
      ],
    });
    expect(response.status).toBe(422);
    expect((await json<Problem>(response)).errors?.map((e) => e.path)).toEqual([
      'body.stages.0.id',
      `body.stages.${current.stages.length + 1}.id`,
    ]);
  });

  it('answers a stale version with 409 and the current pipeline', async () => {
    const pipeline = await create('Stale');
    await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, { version: pipeline.version, name: 'Fresh' });
    const stale = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: pipeline.version,
      name: 'Late',
    });
    expect(stale.status).toBe(409);
    const problem = await json<Problem>(stale);
    expect(problem).toMatchObject({
      code: 'stale_version',
      current: { id: pipeline.id, name: 'Fresh', version: 2 },
    });
    expect(problem.current?.stages).toHaveLength(4);
    const renamedTaken = await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: 2,
      name: 'SALES',
    });
    expect(await json(renamedTaken)).toMatchObject({ code: 'pipeline_name_taken' });
  });

  it('lets every member read but only holders of org.configure_settings change (custom roles too)', async () => {
    const pipeline = await create('Guarded');
    for (const person of [suite.org.rep, suite.org.manager]) {
      const client = await signIn(suite.app.url, person);
      expect((await list(client)).map((p) => p.id)).toContain(pipeline.id);
      expect((await client.post('/api/v1/pipelines', { name: 'Mine', stages: STAGES })).status).toBe(403);
      expect(
        (await client.patch(`/api/v1/pipelines/${pipeline.id}`, { version: pipeline.version, name: 'Mine' }))
          .status,
      ).toBe(403);
    }
    const role = async (permissions: string[]) =>
      json<{ id: string }>(await suite.admin.post('/api/v1/roles', { name: `Role ${newId()}`, permissions }));
    const withoutIt = await role(['customers.manage_assigned']);
    const withIt = await role(['org.configure_settings']);
    let version = 1;
    const become = async (roleId: string) => {
      const response = await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, { version, roleId });
      expect(response.status).toBe(200);
      version += 1;
      return signIn(suite.app.url, suite.org.otherRep);
    };
    const refused = await become(withoutIt.id);
    expect((await refused.post('/api/v1/pipelines', { name: 'Custom', stages: STAGES })).status).toBe(403);
    const allowed = await become(withIt.id);
    expect((await allowed.post('/api/v1/pipelines', { name: 'Custom', stages: STAGES })).status).toBe(201);
    await become(suite.org.roles.sales_rep.id);
  });

  it('is invisible to another organization: 404 on its pipelines, never in its list, and its stage ids are 422s', async () => {
    const pipeline = await create('Private');
    const other = await buildOrganization(db());
    const otherAdmin = await signIn(suite.app.url, other.admin);
    const patched = await otherAdmin.patch(`/api/v1/pipelines/${pipeline.id}`, {
      version: 1,
      name: 'Hijacked',
    });
    expect(patched.status).toBe(404);
    const theirs = await list(otherAdmin);
    expect(theirs.map((p) => p.name)).toEqual(['Sales']);
    expect(JSON.stringify(theirs)).not.toContain(pipeline.id);
    const stolen = await otherAdmin.patch(`/api/v1/pipelines/${theirs[0]!.id}`, {
      version: 1,
      stages: [
        { id: pipeline.stages[0]!.id, name: 'Stolen', kind: 'open', probability: 5 },
        ...STAGES.slice(2),
      ],
    });
    expect(stolen.status).toBe(422);
    expect((await list()).find((p) => p.id === pipeline.id)?.name).toBe('Private');
  });

  it('writes the audit entry and the event in the same transaction as the change', async () => {
    const pipeline = await create('Audited');
    await suite.admin.patch(`/api/v1/pipelines/${pipeline.id}`, { version: 1, name: 'Audited twice' });
    const written = await inTenant(suite.org, async (tx) => ({
      audits: (
        await tx
          .select()
          .from(auditLogs)
          .where(eq(auditLogs.entityId, pipeline.id))
          .orderBy(auditLogs.createdAt)
      ).map((entry) => `${entry.action} ${entry.via}`),
      events: (
        await tx
          .select()
          .from(domainEvents)
          .where(eq(domainEvents.streamId, pipeline.id))
          .orderBy(domainEvents.position)
      ).map((event) => event.name),
    }));
    expect(written).toEqual({
      audits: ['pipeline.created web', 'pipeline.updated web'],
      events: ['pipeline.created', 'pipeline.updated'],
    });

    // Rolled back with the change: neither the entry nor the event remains.
    const actor = {
      userId: suite.org.admin.id,
      tenantId: suite.org.tenantId,
      permissions: new Set(ORG_ADMIN_PERMISSIONS),
    } as unknown as TenantActor;
    let createdId = '';
    await expect(
      inTenant(suite.org, async (tx) => {
        createdId = (
          await createPipeline({ actor, tx, name: 'Rolled back', isDefault: false, stages: STAGES as never })
        ).pipeline.id;
        await updatePipeline({ actor, tx, pipelineId: createdId, version: 1, name: 'Rolled back twice' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const left = await inTenant(suite.org, async (tx) => [
      (await tx.select().from(pipelines).where(eq(pipelines.id, createdId))).length,
      (await tx.select().from(auditLogs).where(eq(auditLogs.entityId, createdId))).length,
      (await tx.select().from(domainEvents).where(eq(domainEvents.streamId, createdId))).length,
    ]);
    expect(left).toEqual([0, 0, 0]);
  });

  it('the migration gives organizations that have no pipeline the default one, and leaves the others alone', async () => {
    const text = await readFile(`${migrationsFolder}/0013_crm_row_level_security.sql`, 'utf8');
    const block = text.slice(text.lastIndexOf('DO $$'));
    const bare = newId();
    await db().transaction({ tenantId: bare, platform: true }, (tx) =>
      tx.insert(tenants).values({ id: bare, name: 'Old Corp', slug: `old-${bare.slice(-8)}` }),
    );
    const before = (await list()).length;
    // As the application role in platform scope: the block sets each tenant's scope itself.
    await db().transaction({ tenantId: null, platform: true }, (tx) => tx.execute(sql.raw(block)));
    const rows = await db().transaction({ tenantId: bare }, (tx) =>
      tx
        .select({
          pipeline: pipelines.name,
          isDefault: pipelines.isDefault,
          stage: stages.name,
          kind: stages.kind,
          probability: stages.probability,
        })
        .from(pipelines)
        .innerJoin(stages, and(eq(stages.tenantId, pipelines.tenantId), eq(stages.pipelineId, pipelines.id)))
        .orderBy(stages.position),
    );
    expect(
      rows.map((row) => `${row.pipeline} ${row.isDefault} ${row.stage} ${row.kind} ${row.probability}`),
    ).toEqual([
      'Sales true Prospecting open 10',
      'Sales true Qualification open 20',
      'Sales true Proposal open 50',
      'Sales true Negotiation open 75',
      'Sales true Won won 100',
      'Sales true Lost lost 0',
    ]);
    expect((await list()).length).toBe(before);
  });
});
