import { Writable } from 'node:stream';
import type Router from '@koa/router';
import { createApp } from '../app.js';
import { startJobQueue, type JobQueue } from '../jobs/job-queue.js';
import { createLogger } from '../logger.js';
import { listen } from '../server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  url: string;
  database: TestDatabase;
  queue: JobQueue;
  /** Every JSON log line the app wrote. */
  logs: Record<string, unknown>[];
  request(path: string, init?: RequestInit): Promise<Response>;
  beginDraining(): void;
  close(): Promise<void>;
}

/** The real app on an ephemeral port over a fresh database, as `main.ts` wires it. */
export async function startTestApp(
  options: { extraRouters?: Router[]; bodyLimitBytes?: number } = {},
): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const database = await createTestDatabase();
  const queue = await startJobQueue({ db: database.db, logger, runWorkers: true });
  const app = createApp({
    config: { bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024 },
    db: database.db,
    logger,
    queue,
    extraRouters: options.extraRouters ?? [],
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    database,
    queue,
    logs,
    request: (path, init) => fetch(`${server.url}${path}`, init),
    beginDraining: () => app.beginDraining(),
    async close() {
      await server.close(2_000);
      await queue.stop(2_000);
      await database.destroy();
    },
  };
}
