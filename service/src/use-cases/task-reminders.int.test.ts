import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../core/db/database.js';
import { connectPostgres } from '../core/db/postgres.js';
import { opportunities, pipelines, stages } from '../core/db/schema.js';
import { QUEUES, startJobQueue, type JobQueue } from '../core/jobs/job-queue.js';
import { enqueueScheduled } from '../core/jobs/schedules.js';
import { createLogger } from '../core/logger.js';
import { signIn } from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import { useOrganizationApp } from '../test/suite.js';
import { testServerUrl } from '../test/test-database.js';
import { sendInteractionReminders } from './task-interaction-reminders.js';
import { purgeTrashedTasks } from './task-purge.js';
import { createDueOccurrences } from './task-recurrence.js';
import { registerTaskRemindersWorker, sendDueReminders, taskRemindersSchedule } from './task-reminders.js';

interface Task {
  id: string;
  version: number;
  dueAt: string | null;
  status: string;
  seriesId: string | null;
}

const MINUTE = 60_000;

describe('task schedules', () => {
  const suite = useOrganizationApp({ organizationName: 'Pendant Publishing' });
  let manager: TestClient;
  /** A second scheduler + worker stack on the same database (its own pool and job queue on PostgreSQL). */
  let second: { db: Database; queue: JobQueue; closeDb: boolean };

  beforeAll(async () => {
    manager = await signIn(suite.app.url, suite.org.manager);
    const { database, config } = suite.app;
    const db = database.ownerUrl ? connectPostgres({ ownerUrl: database.ownerUrl, poolMax: 5 }) : database.db;
    const logger = createLogger({ level: 'silent' });
    const queue = await startJobQueue({ db, logger, runWorkers: true, pollingIntervalSeconds: 0.5 });
    await registerTaskRemindersWorker({ db, queue, logger, config });
    second = { db, queue, closeDb: db !== database.db };
  });

  afterAll(async () => {
    await second?.queue.stop(2_000);
    if (second?.closeDb) await second.db.close();
  });

  const tenantId = () => suite.org.tenantId;
  const inTenant = <T>(query: ReturnType<typeof sql>) =>
    suite.app.database.db.transaction({ tenantId: tenantId() }, (tx) => queryRows<T>(tx, query));

  async function create(body: Record<string, unknown>): Promise<Task> {
    const response = await manager.post('/api/v1/tasks', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    return json<Task>(response);
  }

  /** Events of `name` per task among `ids`: [taskId, offsetMinutes] pairs, sorted. */
  async function reminderEvents(name: string, ids: string[]) {
    const rows = await inTenant<{ stream_id: string; offset: number }>(
      sql`select stream_id, (payload->>'offsetMinutes')::int as offset from domain_events
        where name = ${name} and stream_id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    return rows.map((row) => `${row.stream_id}:${row.offset}`).sort();
  }

  async function waitForJob(queue: JobQueue, id: string): Promise<string | undefined> {
    const deadline = Date.now() + 30_000;
    let state: string | undefined;
    while (Date.now() < deadline) {
      state = (await queue.boss.getJobById(QUEUES.taskReminders, id))?.state;
      if (state === 'completed' || state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return state;
  }

  it('two scheduler and worker stacks ticking the same slot send each reminder once', async () => {
    const now = Date.now();
    const due = new Date(now + 2 * 60 * MINUTE);
    const tasks = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        create({
          title: `Renewal ${index}`,
          dueAt: due.toISOString(),
          reminderOffsetsMinutes: [60, 30],
          assigneeIds: [suite.org.rep.id],
        }),
      ),
    );
    const ids = tasks.map((task) => task.id);
    // The slot a minute after the 60-minute reminders came due (the 30-minute ones are not due yet).
    const slot = new Date(now + 61 * MINUTE);
    const schedule = { ...taskRemindersSchedule, data: { until: slot.toISOString() } };
    const ticks = await Promise.all([
      enqueueScheduled(suite.app.queue, schedule, slot),
      enqueueScheduled(second.queue, schedule, slot),
    ]);
    const jobs = ticks.filter((id): id is string => id !== null);
    expect(jobs).toHaveLength(1);
    expect(await waitForJob(suite.app.queue, jobs[0]!)).toBe('completed');
    expect(await reminderEvents('task.deadline', ids)).toEqual(ids.map((id) => `${id}:60`).sort());

    // Both stacks now run the claim at once, for a later slot, in small batches: still once each.
    const later = new Date(now + 91 * MINUTE);
    const runs = await Promise.all([
      sendDueReminders({ db: suite.app.database.db, until: later, batch: 2 }),
      sendDueReminders({ db: second.db, until: later, batch: 2 }),
    ]);
    const deadline = await reminderEvents('task.deadline', ids);
    expect(deadline).toEqual(ids.flatMap((id) => [`${id}:60`, `${id}:30`]).sort());
    expect(runs[0].claimed + runs[1].claimed).toBeGreaterThanOrEqual(6);
    const payload = await inTenant<{ payload: Record<string, unknown> }>(
      sql`select payload from domain_events where name = 'task.deadline' and stream_id = ${ids[0]!}
        order by position limit 1`,
    );
    expect(payload[0]!.payload).toMatchObject({
      taskId: ids[0],
      title: 'Renewal 0',
      dueAt: due.toISOString(),
      assigneeIds: [suite.org.rep.id],
      watcherIds: [],
      createdBy: suite.org.manager.id,
      offsetMinutes: 60,
    });
    // A third run has nothing left to send.
    await sendDueReminders({ db: second.db, until: later });
    expect(await reminderEvents('task.deadline', ids)).toEqual(deadline);
  });

  // Processes need a database server: on PGlite (in memory, one process) the stacks above stand in.
  (testServerUrl() ? it : it.skip)(
    'two instances as separate processes on one database send each reminder once',
    async () => {
      const now = Date.now();
      const due = new Date(now + 3 * 60 * MINUTE);
      const tasks = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          create({ title: `Process ${index}`, dueAt: due.toISOString(), reminderOffsetsMinutes: [120, 90] }),
        ),
      );
      const ids = tasks.map((task) => task.id);
      // A slot of its own (the job id is per slot); its job sends what is due an hour and a minute on.
      const slot = '2031-05-06T07:08:00.000Z';
      const until = new Date(now + 61 * MINUTE).toISOString();
      const later = new Date(now + 91 * MINUTE).toISOString();
      const script = fileURLToPath(new URL('./task-reminders.instance.ts', import.meta.url));
      const instance = () =>
        promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', script, suite.app.database.ownerUrl!, slot, until, later],
          { timeout: 60_000 },
        ).then(
          ({ stdout }) =>
            JSON.parse(stdout.trim()) as { pid: number; enqueued: string | null; state?: string },
        );
      const runs = await Promise.all([instance(), instance()]);
      expect(new Set(runs.map((run) => run.pid)).size).toBe(2);
      const ticked = runs.filter((run) => run.enqueued);
      expect(ticked).toHaveLength(1);
      expect(ticked[0]!.state).toBe('completed');
      expect(await reminderEvents('task.deadline', ids)).toEqual(
        ids.flatMap((id) => [`${id}:120`, `${id}:90`]).sort(),
      );
    },
    90_000,
  );

  it('escalates an open overdue task once, and tells nothing about a closed one', async () => {
    const overdue = await create({
      title: 'Overdue quote',
      dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const closed = await create({
      title: 'Closed quote',
      dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const done = await manager.patch(`/api/v1/tasks/${closed.id}`, {
      version: closed.version,
      status: 'done',
    });
    expect(done.status).toBe(200);
    await sendDueReminders({ db: suite.app.database.db });
    await sendDueReminders({ db: second.db });
    expect(await reminderEvents('task.overdue', [overdue.id, closed.id])).toEqual([`${overdue.id}:-1440`]);
    expect(await reminderEvents('task.deadline', [overdue.id, closed.id])).toEqual([]);
    const [row] = await inTenant<{ escalated: boolean }>(
      sql`select escalated_at is not null as escalated from tasks where id = ${overdue.id}`,
    );
    expect(row!.escalated).toBe(true);
  });

  it('a deleted task loses its unsent reminders', async () => {
    const task = await create({ title: 'Gone', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    expect((await manager.delete(`/api/v1/tasks/${task.id}`)).status).toBe(204);
    const rows = await inTenant<{ n: number }>(
      sql`select count(*)::int as n from task_reminders where task_id = ${task.id}`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('creates the next occurrence of a recurring series within the horizon, once', async () => {
    const due = new Date(Date.now() + 2 * 60 * MINUTE);
    due.setUTCSeconds(0, 0);
    const daily = await create({
      title: 'Daily stand-up notes',
      dueAt: due.toISOString(),
      recurrence: 'FREQ=DAILY',
    });
    const series = async () =>
      (
        await inTenant<{ due_at: string }>(
          sql`select to_json(due_at) #>> '{}' as due_at from tasks
            where id = ${daily.id} or series_id = ${daily.id} order by due_at`,
        )
      ).map((row) => new Date(row.due_at).toISOString());
    // Tomorrow's occurrence is more than a day away: not yet.
    await createDueOccurrences({ db: suite.app.database.db });
    expect(await series()).toEqual([due.toISOString()]);
    // Three hours on it is within the day ahead: created, once, however many runs.
    const later = new Date(Date.now() + 3 * 60 * MINUTE);
    await Promise.all([
      createDueOccurrences({ db: suite.app.database.db, now: later }),
      createDueOccurrences({ db: second.db, now: later }),
    ]);
    await createDueOccurrences({ db: suite.app.database.db, now: later });
    const tomorrow = new Date(due.getTime() + 86_400_000).toISOString();
    expect(await series()).toEqual([due.toISOString(), tomorrow]);
    // Completing today's does not make tomorrow's twice.
    const current = await json<Task>(await manager.get(`/api/v1/tasks/${daily.id}`));
    expect(
      (await manager.patch(`/api/v1/tasks/${daily.id}`, { version: current.version, status: 'done' })).status,
    ).toBe(200);
    expect(await series()).toEqual([due.toISOString(), tomorrow]);
  });

  it('purges tasks deleted more than 30 days ago, with what hangs on them', async () => {
    const old = await create({
      title: 'Old scratch',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const recent = await create({ title: 'Recent scratch' });
    const waiting = await create({ title: 'Waits for the old one', blockedBy: [old.id] });
    expect((await manager.post(`/api/v1/tasks/${old.id}/comments`, { body: 'note' })).status).toBe(201);
    expect((await manager.post(`/api/v1/tasks/${old.id}/time-entries`, { minutes: 5 })).status).toBe(201);
    for (const task of [old, recent])
      expect((await manager.delete(`/api/v1/tasks/${task.id}`)).status).toBe(204);
    await inTenant(sql`update tasks set deleted_at = now() - interval '31 days' where id = ${old.id}`);
    const purged = await suite.app.database.db.transaction({ tenantId: tenantId() }, (tx) =>
      purgeTrashedTasks(tx, tenantId(), new Date(Date.now() - 30 * 86_400_000)),
    );
    expect(purged).toBe(1);
    const left = await inTenant<{ kind: string; n: number }>(
      sql`select 'task' as kind, count(*)::int as n from tasks where id in (${old.id}, ${recent.id}, ${waiting.id})
        union all select 'comment', count(*)::int from task_comments where task_id = ${old.id}
        union all select 'time', count(*)::int from task_time_entries where task_id = ${old.id}
        union all select 'dependency', count(*)::int from task_dependencies where task_id = ${waiting.id}
        union all select 'history', count(*)::int from task_status_changes where task_id = ${old.id}`,
    );
    expect(Object.fromEntries(left.map((row) => [row.kind, row.n]))).toEqual({
      task: 2,
      comment: 0,
      time: 0,
      dependency: 0,
      history: 0,
    });
  });

  it('reminds the owner of a quiet open deal once per window', async () => {
    const created = new Date(Date.now() - 20 * 86_400_000);
    const dealId = await suite.app.database.db.transaction({ tenantId: tenantId() }, async (tx) => {
      const [pipeline] = await tx
        .insert(pipelines)
        .values({ tenantId: tenantId(), name: 'Quiet' })
        .returning();
      const [stage] = await tx
        .insert(stages)
        .values({
          tenantId: tenantId(),
          pipelineId: pipeline!.id,
          name: 'Lead',
          probability: 10,
          position: 0,
        })
        .returning();
      const { customers } = await import('../core/db/schema.js');
      const [customer] = await tx
        .insert(customers)
        .values({ tenantId: tenantId(), name: 'Quiet Co', ownerId: suite.org.rep.id })
        .returning();
      const [deal] = await tx
        .insert(opportunities)
        .values({
          tenantId: tenantId(),
          name: 'Quiet deal',
          customerId: customer!.id,
          currency: 'USD',
          amount: '500.00',
          pipelineId: pipeline!.id,
          stageId: stage!.id,
          ownerId: suite.org.rep.id,
          createdAt: created,
        })
        .returning();
      return deal!.id;
    });
    const reminders = () =>
      inTenant<{ payload: Record<string, unknown> }>(
        sql`select payload from domain_events where name = 'customer.interaction_reminder' and stream_id = ${dealId}`,
      );
    await Promise.all([
      sendInteractionReminders({ db: suite.app.database.db }),
      sendInteractionReminders({ db: second.db }),
    ]);
    await sendInteractionReminders({ db: suite.app.database.db });
    const once = await reminders();
    expect(once.map((row) => row.payload)).toEqual([
      {
        opportunityId: dealId,
        name: 'Quiet deal',
        customerId: expect.any(String),
        ownerId: suite.org.rep.id,
        lastInteractionAt: null,
        days: 14,
      },
    ]);
    // Fifteen days on, the window has passed: reminded again.
    await sendInteractionReminders({
      db: suite.app.database.db,
      now: new Date(Date.now() + 15 * 86_400_000),
    });
    expect(await reminders()).toHaveLength(2);
  });
});
