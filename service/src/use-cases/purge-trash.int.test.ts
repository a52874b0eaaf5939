import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../core/db/database.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import { enqueueScheduled, startSchedules, type Schedule } from '../core/jobs/schedules.js';
import { createLogger } from '../core/logger.js';
import { documentStorage } from '../core/storage/storage.js';
import { buildOrganization, signIn, type TestOrganization } from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import { useOrganizationApp } from '../test/suite.js';
import { purgeTrash, purgeTrashSchedule, type TrashPurge } from './purge-trash.js';

interface Created {
  id: string;
}

type TrashTable = 'customers' | 'contacts' | 'opportunities' | 'interactions' | 'documents' | 'tasks';

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

describe('purgeTrash', () => {
  const suite = useOrganizationApp();
  let other: TestOrganization;
  let otherAdmin: TestClient;

  const db = () => suite.app.database.db;
  const inTenant = <T>(tenantId: string, query: ReturnType<typeof sql>) =>
    db().transaction({ tenantId }, (tx) => queryRows<T>(tx, query));
  const create = async (client: TestClient, route: string, body: object): Promise<string> => {
    const response = await client.post(`/api/v1/${route}`, body);
    if (response.status !== 201) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return (await json<Created>(response)).id;
  };
  const remove = async (client: TestClient, route: string, id: string) => {
    expect((await client.delete(`/api/v1/${route}/${id}`)).status).toBe(204);
  };
  const upload = async (client: TestClient, parent: { type: string; id: string }, content: string) => {
    const body = new FormData();
    body.append('parentType', parent.type);
    body.append('parentId', parent.id);
    body.append('file', new Blob([content], { type: 'text/plain' }), 'notes.txt');
    const response = await client.request('POST', '/api/v1/documents', body);
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return (await json<Created>(response)).id;
  };
  /** Moves a deletion `days` into the past, as if it had happened then. */
  const deletedDaysAgo = (tenantId: string, table: TrashTable, id: string, days: number) =>
    inTenant(
      tenantId,
      sql`update ${sql.identifier(table)} set deleted_at = now() - make_interval(days => ${days})
          where id = ${id} and deleted_at is not null returning id`,
    ).then((rows) => expect(rows).toHaveLength(1));
  const count = async (tenantId: string, table: string, where: ReturnType<typeof sql>) => {
    const [row] = await inTenant<{ n: number }>(
      tenantId,
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
    );
    return row!.n;
  };
  const exists = async (tenantId: string, table: TrashTable, id: string) =>
    (await count(tenantId, table, sql`id = ${id}`)) === 1;
  const storedContent = async (hash: string) =>
    (
      await stat(path.join(suite.app.config.dataDir, 'documents', hash.slice(0, 2), hash)).catch(
        () => undefined,
      )
    )?.isFile() === true;
  const purge = (now = new Date()) =>
    purgeTrash({ db: db(), storage: documentStorage(suite.app.config.dataDir), now });
  const purgeOf = (result: TrashPurge, tenantId: string) =>
    result.organizations.find((organization) => organization.tenantId === tenantId);

  beforeAll(async () => {
    other = await buildOrganization(db());
    otherAdmin = await signIn(suite.app.url, other.admin);
  });

  it('deletes old trash for good, organization by organization, and keeps everything else', async () => {
    const admin = suite.admin;
    const tenantId = suite.org.tenantId;
    // Live records, untouched.
    const live = await create(admin, 'customers', { name: 'Live Co' });
    const liveDeal = await create(admin, 'opportunities', {
      name: 'Live deal',
      customerId: live,
      amount: '100',
    });
    const liveCall = await create(admin, 'interactions', {
      type: 'call',
      customerId: live,
      opportunityId: liveDeal,
    });
    // Old trash: a customer with its contact, deal, call and documents, all deleted 31 days ago.
    const old = await create(admin, 'customers', { name: 'Gone Co' });
    const oldContact = await create(admin, 'contacts', {
      name: 'Gone Person',
      customers: [{ customerId: old, role: 'champion' }],
    });
    const oldDeal = await create(admin, 'opportunities', {
      name: 'Gone deal',
      customerId: old,
      amount: '500',
    });
    expect(
      (await admin.patch(`/api/v1/opportunities/${oldDeal}`, { version: 1, amount: '600' })).status,
    ).toBe(200);
    const oldCall = await create(admin, 'interactions', {
      type: 'meeting',
      customerId: old,
      opportunityId: oldDeal,
      participants: { contactIds: [oldContact], userIds: [suite.org.admin.id] },
    });
    // The live call also had the old contact in it: that place goes with the contact.
    expect(
      (
        await admin.patch(`/api/v1/interactions/${liveCall}`, {
          version: 1,
          participants: { contactIds: [oldContact], userIds: [] },
        })
      ).status,
    ).toBe(200);
    const onlyHere = `purge only here ${Date.now()}`;
    const shared = `purge shared with another organization ${Date.now()}`;
    const oldDocument = await upload(admin, { type: 'customer', id: old }, onlyHere);
    const sharedDocument = await upload(admin, { type: 'opportunity', id: oldDeal }, shared);
    await upload(
      otherAdmin,
      { type: 'customer', id: await create(otherAdmin, 'customers', { name: 'Keeper' }) },
      shared,
    );
    for (const [route, id] of [
      ['documents', oldDocument],
      ['interactions', oldCall],
      ['opportunities', oldDeal],
      ['contacts', oldContact],
      ['customers', old],
    ] as const) {
      await remove(admin, route, id);
      await deletedDaysAgo(tenantId, route, id, 31);
    }
    // Recent trash stays restorable; old trash a deal in the trash more recently still refers to stays
    // too (deleting the customer took its deal along; only the customer is backdated).
    const recent = await create(admin, 'customers', { name: 'Recent Co' });
    await remove(admin, 'customers', recent);
    await deletedDaysAgo(tenantId, 'customers', recent, 5);
    const referenced = await create(admin, 'customers', { name: 'Still Referenced Co' });
    const referencingDeal = await create(admin, 'opportunities', {
      name: 'Keeps it',
      customerId: referenced,
    });
    await remove(admin, 'customers', referenced);
    await deletedDaysAgo(tenantId, 'customers', referenced, 45);
    // Another organization's old trash.
    const theirs = await create(otherAdmin, 'customers', { name: 'Their Gone Co' });
    await remove(otherAdmin, 'customers', theirs);
    await deletedDaysAgo(other.tenantId, 'customers', theirs, 60);
    expect(await storedContent(sha256(onlyHere))).toBe(true);

    const result = await purge();

    expect(purgeOf(result, tenantId)).toEqual({
      tenantId,
      purged: {
        tasks: 0,
        interactions: 1,
        opportunities: 1,
        contacts: 1,
        customers: 1,
        documents: 2,
        documentVersions: 2,
      },
      skipped: { opportunities: 0, customers: 1 },
    });
    expect(purgeOf(result, other.tenantId)).toEqual({
      tenantId: other.tenantId,
      purged: {
        tasks: 0,
        interactions: 0,
        opportunities: 0,
        contacts: 0,
        customers: 1,
        documents: 0,
        documentVersions: 0,
      },
      skipped: { opportunities: 0, customers: 0 },
    });
    expect(result.contentsRemoved).toBe(1);
    for (const [table, id] of [
      ['customers', old],
      ['contacts', oldContact],
      ['opportunities', oldDeal],
      ['interactions', oldCall],
      ['documents', oldDocument],
      ['documents', sharedDocument],
    ] as const)
      expect({ table, id, exists: await exists(tenantId, table, id) }).toEqual({ table, id, exists: false });
    expect(await count(tenantId, 'opportunity_stage_history', sql`opportunity_id = ${oldDeal}`)).toBe(0);
    expect(await count(tenantId, 'opportunity_amount_history', sql`opportunity_id = ${oldDeal}`)).toBe(0);
    expect(await count(tenantId, 'interaction_participants', sql`participant_id = ${oldContact}`)).toBe(0);
    expect(await count(tenantId, 'contact_customers', sql`contact_id = ${oldContact}`)).toBe(0);
    expect(
      await count(tenantId, 'document_versions', sql`document_id in (${oldDocument}, ${sharedDocument})`),
    ).toBe(0);
    expect(await exists(other.tenantId, 'customers', theirs)).toBe(false);
    // The content only the purged document had is gone; the one another organization still uses stays.
    expect(await storedContent(sha256(onlyHere))).toBe(false);
    expect(await storedContent(sha256(shared))).toBe(true);
    // Everything else is where it was.
    for (const [table, id] of [
      ['customers', live],
      ['opportunities', liveDeal],
      ['interactions', liveCall],
      ['customers', referenced],
      ['opportunities', referencingDeal],
    ] as const)
      expect({ table, id, exists: await exists(tenantId, table, id) }).toEqual({ table, id, exists: true });
    expect(await count(tenantId, 'opportunity_stage_history', sql`opportunity_id = ${liveDeal}`)).toBe(1);
    expect((await admin.post(`/api/v1/customers/${recent}/restore`)).status).toBe(200);

    // Each organization has its own entry, with its own counts.
    const entries = async (id: string) =>
      inTenant<{ entity_type: string; entity_id: string; after: Record<string, unknown> }>(
        id,
        sql`select entity_type, entity_id, after from audit_logs where action = 'trash.purged'`,
      );
    expect(await entries(tenantId)).toEqual([
      {
        entity_type: 'organization',
        entity_id: tenantId,
        after: expect.objectContaining({
          customers: 1,
          contacts: 1,
          skipped: { opportunities: 0, customers: 1 },
        }),
      },
    ]);
    expect(await entries(other.tenantId)).toEqual([
      {
        entity_type: 'organization',
        entity_id: other.tenantId,
        after: expect.objectContaining({ customers: 1 }),
      },
    ]);

    // Purging again finds nothing new (the still referenced customer is skipped again).
    const again = await purge();
    expect(purgeOf(again, other.tenantId)?.purged.customers).toBe(0);
    expect(purgeOf(again, tenantId)?.purged).toEqual({
      tasks: 0,
      interactions: 0,
      opportunities: 0,
      contacts: 0,
      customers: 0,
      documents: 0,
      documentVersions: 0,
    });
    expect(await entries(other.tenantId)).toHaveLength(1);

    // Once the deal referring to it is purged as well, the customer goes.
    await deletedDaysAgo(tenantId, 'opportunities', referencingDeal, 31);
    const last = await purge();
    expect(purgeOf(last, tenantId)).toMatchObject({
      purged: { opportunities: 1, customers: 1 },
      skipped: { customers: 0 },
    });
    expect(await exists(tenantId, 'customers', referenced)).toBe(false);
  });

  it('purges old trashed tasks with what hangs on them, and keeps a customer a live task refers to', async () => {
    const tenantId = suite.org.tenantId;
    const admin = suite.admin;
    const customer = await create(admin, 'customers', { name: 'Still Tasked Co' });
    const liveTask = await create(admin, 'tasks', { title: 'Call them back', customerId: customer });
    await remove(admin, 'customers', customer);
    await deletedDaysAgo(tenantId, 'customers', customer, 45);
    const oldTask = await create(admin, 'tasks', { title: 'Long done' });
    expect((await admin.post(`/api/v1/tasks/${oldTask}/comments`, { body: 'Noted' })).status).toBe(201);
    const file = await upload(admin, { type: 'task', id: oldTask }, `task notes ${oldTask}`);
    await remove(admin, 'tasks', oldTask);
    await deletedDaysAgo(tenantId, 'tasks', oldTask, 40);

    const result = await purge();

    expect(purgeOf(result, tenantId)).toMatchObject({
      purged: { tasks: 1, documents: 1, customers: 0 },
      skipped: { customers: 1 },
    });
    expect(await exists(tenantId, 'tasks', oldTask)).toBe(false);
    expect(await count(tenantId, 'task_comments', sql`task_id = ${oldTask}`)).toBe(0);
    expect(await exists(tenantId, 'documents', file)).toBe(false);
    expect(await exists(tenantId, 'tasks', liveTask)).toBe(true);
    expect(await exists(tenantId, 'customers', customer)).toBe(true);
  });

  it('keeps trash deleted within the window, and honours a shorter window when asked', async () => {
    const tenantId = suite.org.tenantId;
    const customer = await create(suite.admin, 'customers', { name: 'Ten Days Co' });
    await remove(suite.admin, 'customers', customer);
    await deletedDaysAgo(tenantId, 'customers', customer, 10);
    await purge();
    expect(await exists(tenantId, 'customers', customer)).toBe(true);
    const result = await purgeTrash({
      db: db(),
      storage: documentStorage(suite.app.config.dataDir),
      olderThanDays: 7,
    });
    expect(purgeOf(result, tenantId)?.purged.customers).toBe(1);
    expect(await exists(tenantId, 'customers', customer)).toBe(false);
  });

  it('enqueues one job per time slot however many schedulers tick, and a worker runs it', async () => {
    const queue = suite.app.queue;
    const at = new Date('2026-03-04T03:17:00.120Z');
    const ticks = await Promise.all([
      enqueueScheduled(queue, purgeTrashSchedule, at),
      enqueueScheduled(queue, purgeTrashSchedule, new Date('2026-03-04T03:17:00.950Z')),
    ]);
    const again = await enqueueScheduled(queue, purgeTrashSchedule, at);
    const enqueued = ticks.filter((id): id is string => id !== null);
    expect({ enqueued: enqueued.length, again }).toEqual({ enqueued: 1, again: null });
    // The next slot gets its own job.
    expect(
      await enqueueScheduled(queue, purgeTrashSchedule, new Date('2026-03-04T03:18:00Z')),
    ).not.toBeNull();
    // A worker picks the job up and purges.
    const deadline = Date.now() + 20_000;
    let state: string | undefined;
    while (Date.now() < deadline) {
      state = (await queue.boss.getJobById(QUEUES.purgeTrash, enqueued[0]!))?.state;
      if (state === 'completed' || state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(state).toBe('completed');
  });

  it('refuses schedules that are not five-field cron expressions or share a name', () => {
    const start = (schedules: Schedule[]) =>
      startSchedules({ schedules, queue: suite.app.queue, logger: createLogger({ level: 'silent' }) });
    expect(() => start([{ ...purgeTrashSchedule, cron: '0 17 3 * * *' }])).toThrow(/five-field/);
    expect(() => start([purgeTrashSchedule, purgeTrashSchedule])).toThrow(/twice/);
  });
});
