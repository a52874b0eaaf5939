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
  /** Stops this process's workers on one queue (after the job they are running). */
  offWork(name: QueueName): Promise<void>;
  /** Stops fetching, waits for running jobs up to `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

interface Worker {
  stopping: boolean;
  /** Aborted to end the idle wait between polls at once. */
  wake: AbortController;
  done: Promise<void>;
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
  /**
   * Our own fetch loops rather than pg-boss's `work`: pg-boss keeps checking on a stopped worker with
   * timers of its own, which outlived `stop` (and, in Jest, broke the next suite of the same worker,
   * twice in CI). Here `stop` returns when every loop has returned.
   */
  const workers = new Map<QueueName, Worker[]>();
  const pollingMs = (options.pollingIntervalSeconds ?? 2) * 1000;

  async function workLoop<Data extends object>(
    worker: Worker,
    name: QueueName,
    handler: (data: Data) => Promise<void>,
  ): Promise<void> {
    while (!worker.stopping) {
      let jobs: PgBoss.Job<Data>[] = [];
      try {
        jobs = await boss.fetch<Data>(name, { batchSize: 1 });
      } catch (error) {
        if (!worker.stopping) options.logger.error({ err: error, queue: name }, 'job queue fetch failed');
      }
      for (const job of jobs) {
        try {
          // Fetched as the queue stopped: failed, so pg-boss retries it (here or in another process).
          if (worker.stopping) throw new Error('the job queue is stopping; the job will be retried');
          await handler(job.data);
          await boss.complete(name, job.id);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (!worker.stopping) options.logger.error({ err: error, queue: name, job: job.id }, 'job failed');
          await boss.fail(name, job.id, { message }).catch((failure: unknown) => {
            options.logger.error({ err: failure, queue: name, job: job.id }, 'could not record a failed job');
          });
        }
      }
      if (!jobs.length && !worker.stopping) {
        await sleep(pollingMs, undefined, { signal: worker.wake.signal }).catch(() => undefined);
      }
    }
  }

  /** Stops the loops from fetching and waits (up to `timeoutMs`) for the jobs they are running. */
  async function stopWorkers(stopping: Worker[], timeoutMs: number): Promise<void> {
    for (const worker of stopping) {
      worker.stopping = true;
      worker.wake.abort();
    }
    const timeout = new AbortController();
    await Promise.race([
      Promise.all(stopping.map((worker) => worker.done)),
      sleep(timeoutMs, undefined, { signal: timeout.signal }).catch(() => undefined),
    ]);
    timeout.abort();
  }
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
    work<Data extends object>(name: QueueName, handler: (data: Data) => Promise<void>) {
      if (!options.runWorkers || !started) return Promise.resolve();
      const worker = { stopping: false, wake: new AbortController(), done: Promise.resolve() };
      worker.done = workLoop(worker, name, handler);
      workers.set(name, [...(workers.get(name) ?? []), worker]);
      return Promise.resolve();
    },
    async offWork(name) {
      const stopping = workers.get(name) ?? [];
      workers.delete(name);
      await stopWorkers(stopping, 30_000);
    },
    async depth() {
      const queues = await boss.getQueues();
      const sizes = await Promise.all(queues.map((queue) => boss.getQueueSize(queue.name)));
      return Object.fromEntries(queues.map((queue, index) => [queue.name, sizes[index] ?? 0]));
    },
    async stop(timeoutMs) {
      if (!started) return;
      started = false;
      await stopWorkers([...workers.values()].flat(), timeoutMs);
      workers.clear();
      await boss.stop({
        graceful: true,
        timeout: 1_000,
        close: 'connectionString' in connection,
        wait: true,
      });
    },
  };
}
