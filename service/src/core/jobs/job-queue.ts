import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { sqlExecutorOf, type Database, type Tx } from '../db/database.js';
import type { Logger } from '../logger.js';

/** Every queue Closer uses; created at start so sending never races a missing queue. */
export const QUEUES = {
  email: 'email.send',
  passwordReset: 'auth.password_reset',
  purgeTrash: 'crm.purge_trash',
  taskReminders: 'tasks.reminders',
  recurringTasks: 'tasks.recurrence',
  interactionReminders: 'crm.interaction_reminders',
  goalRollover: 'goals.rollover',
  deliverNotification: 'notifications.deliver',
  emailDigest: 'notifications.digest',
  weeklySummary: 'notifications.weekly_summary',
  announce: 'notifications.announce',
  realtimeCleanup: 'realtime.cleanup',
  runImport: 'imports.run',
  undoImport: 'imports.undo',
  resumeImports: 'imports.resume',
  runExport: 'exports.run',
  expireExports: 'exports.expire',
  trainModel: 'predictions.train',
  nightlyTraining: 'predictions.nightly',
  scoreDeals: 'predictions.score',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobQueue {
  readonly boss: PgBoss;
  /** Enqueues in the caller's transaction: the job exists if and only if the change commits. */
  sendInTransaction(tx: Tx, name: QueueName, data: object): Promise<string | null>;
  /** Many jobs in one statement, in the caller's transaction (bulk imports). */
  insertInTransaction(tx: Tx, name: QueueName, data: object[]): Promise<void>;
  /** Runs `handler` for each job (with pg-boss's retries) when this process is a worker. */
  work<Data extends object>(name: QueueName, handler: (data: Data) => Promise<void>): Promise<void>;
  isStarted(): boolean;
  /** Jobs waiting (created or retry) per queue, for /metrics. */
  depth(): Promise<Record<string, number>>;
  /** Stops fetching, waits for running jobs up to `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

/** Starts pg-boss on the application's database (its own role on PostgreSQL, the shared PGlite otherwise). */
export async function startJobQueue(options: {
  db: Database;
  logger: Logger;
  runWorkers: boolean;
  /** How often idle workers look for jobs; tests use the minimum (0.5 s). */
  pollingIntervalSeconds?: number;
}): Promise<JobQueue> {
  const connection = options.db.queueConnection();
  const boss = new PgBoss({
    ...connection,
    schema: 'pgboss',
    migrate: true,
    supervise: options.runWorkers,
    schedule: false, // schedules are node-cron ticks that enqueue singleton jobs (ARCHITECTURE.md)
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  let started = false;
  /** Batches of jobs our handlers are working on. */
  let running = 0;
  await boss.start();
  started = true;
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name)))
      await boss.createQueue(name, { name, retryLimit: 5, retryBackoff: true });
  }

  return {
    boss,
    isStarted: () => started,
    sendInTransaction: (tx, name, data) => boss.send(name, data, { db: sqlExecutorOf(tx) }),
    async insertInTransaction(tx, name, data) {
      if (!data.length) return;
      await boss.insert(
        data.map((item) => ({ name, data: item })),
        { db: sqlExecutorOf(tx) },
      );
    },
    async work<Data extends object>(name: QueueName, handler: (data: Data) => Promise<void>) {
      if (!options.runWorkers) return;
      await boss.work<Data>(
        name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          // Fetched as the queue stopped: fail the batch so pg-boss retries it (in another process),
          // rather than start work that `stop` would not wait for.
          if (!started) throw new Error('the job queue is stopping; the job will be retried');
          running += 1;
          try {
            for (const job of jobs) await handler(job.data);
          } finally {
            running -= 1;
          }
        },
      );
    },
    async depth() {
      const queues = await boss.getQueues();
      const sizes = await Promise.all(queues.map((queue) => boss.getQueueSize(queue.name)));
      return Object.fromEntries(queues.map((queue, index) => [queue.name, sizes[index] ?? 0]));
    },
    async stop(timeoutMs) {
      if (!started) return;
      started = false;
      await boss.stop({
        graceful: true,
        timeout: timeoutMs,
        close: 'connectionString' in connection,
        wait: true,
      });
      // pg-boss stops waiting for running jobs after `timeoutMs`, but keeps checking on its workers once
      // a second until each has finished its batch. Wait for our handlers to finish, then give that
      // check its second: otherwise its timer fires after the process (or a test) has moved on, and in
      // Jest it broke the next suite of the same worker.
      const until = Date.now() + timeoutMs + 30_000;
      while (running > 0 && Date.now() < until) await sleep(50);
      if (options.runWorkers) await sleep(1_100);
    },
  };
}
