import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';

export interface JobQueue {
  readonly boss: PgBoss;
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
  await boss.start();
  started = true;

  return {
    boss,
    isStarted: () => started,
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
    },
  };
}
