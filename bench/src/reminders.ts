/**
 * Reminders at volume: N tasks (default 100,000) of one organization coming due in the same minute.
 *
 * (1) Enqueued: the reminder job (`sendDueReminders`) claims every due reminder and writes its
 *     `task.deadline` domain event, 5,000 per transaction. Baseline, in the same run on the same rows: one
 *     bare statement as the database owner (no RLS, no batches) that claims them all and writes the same
 *     events, rolled back.
 * (2) Delivered: the event dispatcher hands the events to the notifications pipeline, which writes each
 *     assignee's notification (the in-app delivery) and the delivery log of the other channels. Timed from
 *     the first undelivered event to the last notification. Baseline: one bare INSERT ... SELECT of the
 *     same notifications, rolled back.
 *
 * Prints reminders per second for both steps and their ratio to the bare statement's rate.
 *
 * Environment: BENCH_REMINDERS_TASKS (default 100000), BENCH_DATABASES (default `postgres`; `pglite` too),
 * BENCH_DATABASE_URL / TEST_DATABASE_URL (a PostgreSQL server where it may create a database, default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { sql as drizzleSql } from 'drizzle-orm';
import type { createLogger, Database, loadConfig, startJobQueue, Tx } from '@closer/service';

const N = Number(process.env.BENCH_REMINDERS_TASKS ?? 100_000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'postgres').split(',').map((name) => name.trim());
const SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

const source = <T>(file: string) =>
  import(new URL(`../../service/src/${file}`, import.meta.url).href) as Promise<T>;

type Sql = typeof drizzleSql;
interface Modules {
  sql: Sql;
  queryRows: (tx: Tx, query: ReturnType<Sql>) => Promise<Record<string, unknown>[]>;
  createTestDatabase: () => Promise<{ db: Database; ownerUrl?: string; destroy(): Promise<void> }>;
  buildOrganization: (db: Database) => Promise<{ tenantId: string; rep: { id: string } }>;
  sendDueReminders: (options: { db: Database }) => Promise<{ claimed: number }>;
  loadConfig: typeof loadConfig;
  createLogger: typeof createLogger;
  startJobQueue: typeof startJobQueue;
  startWorkers: (
    deps: Record<string, unknown>,
  ) => Promise<{ drainEvents(): Promise<void>; close(): Promise<void> }>;
}

async function modules(): Promise<Modules> {
  const [drizzle, database, testDatabase, factories, reminders, service, registry] = await Promise.all([
    import('drizzle-orm'),
    source<{ queryRows: Modules['queryRows'] }>('core/db/database.ts'),
    source<{ createTestDatabase: Modules['createTestDatabase'] }>('test/test-database.ts'),
    source<{ buildOrganization: Modules['buildOrganization'] }>('test/factories.ts'),
    source<{ sendDueReminders: Modules['sendDueReminders'] }>('use-cases/task-reminders.ts'),
    import('@closer/service'),
    source<{ startWorkers: Modules['startWorkers'] }>('modules.ts'),
  ]);
  return {
    sql: drizzle.sql,
    queryRows: database.queryRows,
    createTestDatabase: testDatabase.createTestDatabase,
    buildOrganization: factories.buildOrganization,
    sendDueReminders: reminders.sendDueReminders,
    loadConfig: service.loadConfig,
    createLogger: service.createLogger,
    startJobQueue: service.startJobQueue,
    startWorkers: registry.startWorkers,
  };
}

/** Runs `work` in a transaction on the owner connection and rolls it back; returns its duration in ms. */
async function bare(ownerUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('begin');
    const started = performance.now();
    await work(client);
    const ms = performance.now() - started;
    await client.query('rollback');
    return ms;
  } finally {
    await client.end();
  }
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function run(kind: string, m: Modules): Promise<void> {
  if (kind === 'postgres') process.env.TEST_DATABASE_URL = SERVER;
  else delete process.env.TEST_DATABASE_URL;
  const database = await m.createTestDatabase();
  const { db } = database;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-bench-reminders-'));
  const logger = m.createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const config = m.loadConfig({
    CLOSER_DATA_DIR: dataDir,
    PUBLIC_URL: 'http://closer.test',
    CLOSER_ROLES: 'worker',
  });
  const queue = await m.startJobQueue({ db, logger, runWorkers: false });
  try {
    const org = await m.buildOrganization(db);
    const { sql } = m;
    const seeded = performance.now();
    await db.transaction({ tenantId: org.tenantId }, async (tx) => {
      await tx.execute(sql`insert into tasks (tenant_id, id, title, due_at, created_by, visibility)
        select ${org.tenantId}, gen_random_uuid(), 'Call back ' || g, now() + interval '30 minutes',
          ${org.rep.id}, 'team'
        from generate_series(1, ${N}) g`);
      await tx.execute(sql`insert into task_assignees (tenant_id, task_id, user_id)
        select tenant_id, id, ${org.rep.id} from tasks`);
      await tx.execute(sql`insert into task_reminders (tenant_id, task_id, offset_minutes, remind_at)
        select tenant_id, id, 30, now() - interval '1 second' from tasks`);
    });
    console.log(
      `${kind}: ${N} tasks due in the same minute, seeded in ${Math.round(performance.now() - seeded)} ms`,
    );

    // (1) Enqueued.
    let bareClaimMs: number | undefined;
    if (database.ownerUrl) {
      bareClaimMs = await bare(database.ownerUrl, (client) =>
        client.query(
          `with claimed as (update task_reminders set sent_at = now()
             where remind_at <= now() and sent_at is null returning tenant_id, task_id, offset_minutes)
           insert into domain_events (tenant_id, name, stream_type, stream_id, payload, via)
           select c.tenant_id, 'task.deadline', 'task', c.task_id,
             jsonb_build_object('taskId', t.id, 'title', t.title, 'offsetMinutes', c.offset_minutes), 'system'
           from claimed c join tasks t on t.tenant_id = c.tenant_id and t.id = c.task_id`,
        ),
      );
    }
    const claimStarted = performance.now();
    const { claimed } = await m.sendDueReminders({ db });
    const claimMs = performance.now() - claimStarted;
    const claimLine = `  enqueued: ${claimed} reminders in ${Math.round(claimMs)} ms = ${rate(claimed, claimMs)}/s`;
    console.log(
      bareClaimMs === undefined
        ? claimLine
        : `${claimLine}; bare statement ${rate(N, bareClaimMs)}/s; ratio ${(rate(claimed, claimMs) / rate(N, bareClaimMs)).toFixed(2)}`,
    );

    // (2) Delivered: the dispatcher runs the modules' handlers (notifications among them).
    const workers = await m.startWorkers({ config, logger, queue, db });
    const deliverStarted = performance.now();
    await workers.drainEvents();
    const deliverMs = performance.now() - deliverStarted;
    await workers.close();
    const [row] = await db.transaction({ tenantId: org.tenantId }, (tx) =>
      m.queryRows(tx, sql`select count(*)::int as n from notifications where kind = 'task.deadline'`),
    );
    const delivered = Number(row?.n ?? 0);
    let bareDeliverMs: number | undefined;
    if (database.ownerUrl) {
      bareDeliverMs = await bare(database.ownerUrl, (client) =>
        client.query(
          `insert into notifications (tenant_id, id, user_id, kind, title, dedupe_key)
           select a.tenant_id, gen_random_uuid(), a.user_id, 'task.deadline', 'Due soon: ' || t.title,
             'bench:' || t.id
           from task_assignees a join tasks t on t.tenant_id = a.tenant_id and t.id = a.task_id`,
        ),
      );
    }
    const deliverLine = `  delivered: ${delivered} in-app notifications in ${Math.round(deliverMs)} ms = ${rate(delivered, deliverMs)}/s`;
    console.log(
      bareDeliverMs === undefined
        ? deliverLine
        : `${deliverLine}; bare statement ${rate(N, bareDeliverMs)}/s; ratio ${(rate(delivered, deliverMs) / rate(N, bareDeliverMs)).toFixed(3)}`,
    );
    if (delivered !== N) console.log(`  WARNING: ${N - delivered} reminders were not delivered`);
  } finally {
    await queue.stop(1_000);
    await database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const loaded = await modules();
for (const kind of DATABASES) await run(kind, loaded);
