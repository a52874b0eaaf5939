import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type Router from '@koa/router';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createApp } from '../app.js';
import { loadConfig, type Config } from '../core/config/config.js';
import { startJobQueue, type JobQueue } from '../core/jobs/job-queue.js';
import { createLogger } from '../core/logger.js';
import { createSignInLimiter, type SignInLimits } from '../core/auth/rate-limit.js';
import { listen } from '../core/http/server.js';
import type { EventHandler } from '../core/events/dispatcher.js';
import { startWorkers } from '../modules.js';
import { mountBots, type MountedBots } from '../bots.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  url: string;
  config: Config;
  database: TestDatabase;
  queue: JobQueue;
  /** The Slack and Teams bots, mounted as `main.ts` mounts them. */
  bots: MountedBots;
  /** Every JSON log line the app wrote. */
  logs: Record<string, unknown>[];
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Emails the worker has written to the outbox so far, oldest first. */
  outbox(): Promise<ParsedMail[]>;
  beginDraining(): void;
  /** Delivers every committed domain event to the handlers now. */
  drainEvents(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  extraRouters?: Router[];
  env?: Record<string, string>;
  /** Sign-in limits; tests that do not test them get limits no test reaches. */
  signInLimits?: Partial<SignInLimits>;
  /** The sign-in limiter's clock: tests of its delays stop time, so a slow machine cannot outwait them. */
  signInClock?: () => Date;
  /** Event handlers besides the modules' own (tests of the dispatcher). */
  eventHandlers?: EventHandler[];
  /** Another app's database: a second instance on it (that app keeps and destroys it). */
  database?: TestDatabase;
  /** Listen on this port (browser tests need PUBLIC_URL to be the address they open); default: any free one. */
  port?: number;
  /** The dashboard's files to serve; default the built site/dist. */
  siteDirectory?: string;
}

/** The real app on an ephemeral port over a fresh database, wired as `main.ts` wires it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-test-'));
  const config = loadConfig({ CLOSER_DATA_DIR: dataDir, PUBLIC_URL: 'http://closer.test', ...options.env });
  const logger = createLogger({ level: 'info', destination });
  const database = options.database ?? (await createTestDatabase());
  const queue = await startJobQueue({
    db: database.db,
    logger,
    runWorkers: true,
    pollingIntervalSeconds: 0.5,
  });
  const workers = await startWorkers(
    { config, logger, queue, db: database.db },
    { extraHandlers: options.eventHandlers ?? [] },
  );
  const bots = mountBots({ db: database.db, config, logger });
  const app = await createApp({
    config,
    db: database.db,
    logger,
    queue,
    signInLimiter: createSignInLimiter({
      db: database.db,
      limits: options.signInLimits ?? {
        perAddress: 10_000,
        perAccountAndAddress: 1_000,
        slowAccountAfter: 1_000,
      },
      now: options.signInClock,
    }),
    extraRouters: [...bots.routers, ...(options.extraRouters ?? [])],
    siteDirectory: options.siteDirectory,
  });
  const server = await listen(app, { host: '127.0.0.1', port: options.port ?? 0 });
  const outboxDir = path.join(dataDir, 'outbox');
  return {
    url: server.url,
    config,
    database,
    queue,
    bots,
    logs,
    request: (requestPath, init) => fetch(`${server.url}${requestPath}`, init),
    async outbox() {
      const files = (await readdir(outboxDir).catch(() => [])).filter((file) => file.endsWith('.eml')).sort();
      return Promise.all(files.map(async (file) => simpleParser(await readFile(path.join(outboxDir, file)))));
    },
    beginDraining: () => app.beginDraining(),
    drainEvents: () => workers.drainEvents(),
    async close() {
      await server.close(2_000);
      await bots.close();
      await queue.stop(2_000);
      await workers.close();
      await app.close();
      if (!options.database) await database.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
