/**
 * Composition root: the one file that wires configuration, database, job queue, HTTP and the bots
 * (through `bots.ts`) together. Everything else receives what it needs as arguments.
 */
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './core/config/config.js';
import { connectDatabase } from './core/db/connect.js';
import { startJobQueue, type JobQueue } from './core/jobs/job-queue.js';
import type { Database } from './core/db/database.js';
import { createLogger, type Logger } from './core/logger.js';
import { ensureSuperAdmin, formatDemoLogins, seedDemo } from './core/platform/bootstrap.js';
import { queueTraining } from './modules/predictions/prediction-jobs.js';
import { tenants } from './core/db/schema.js';
import { eq } from 'drizzle-orm';
import { SCHEDULES, startWorkers } from './modules.js';
import { startSchedules } from './core/jobs/schedules.js';
import { listen, type RunningServer } from './core/http/server.js';
import { warmUp as warmUpParser } from '@closer/nlp';
import { mountBots } from './bots.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`closer: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function onShutdownSignal(logger: Logger, shutdown: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/**
 * First-start accounts: the configured super admin, or the demo organization (printed once). True when
 * the demo organization was just created.
 */
async function bootstrap(config: Config, db: Database, logger: Logger): Promise<boolean> {
  if (config.admin) await ensureSuperAdmin(db, config.admin);
  else if (config.demo) {
    const logins = await seedDemo(db, logger);
    if (logins) {
      logger.info(
        { organization: 'demo', users: logins.map((login) => login.email) },
        'demo organization created',
      );
      process.stdout.write(`${formatDemoLogins(config.publicUrl, logins)}\n`);
      return true;
    }
  }
  return false;
}

/** The demo organization's id (it is created with the slug `demo`). */
async function demoTenantId(db: Database): Promise<string | undefined> {
  const [row] = await db.transaction({ tenantId: null, platform: true }, (tx) =>
    tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, 'demo')),
  );
  return row?.id;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel });
  const db = await connectDatabase(config);
  logger.info(
    { database: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined },
    'database ready',
  );

  const demoCreated = await bootstrap(config, db, logger);
  const queue: JobQueue = await startJobQueue({ db, logger, runWorkers: config.roles.has('worker') });
  const demo = demoCreated ? await demoTenantId(db) : undefined;
  if (demo) await queueTraining(db, queue, demo);
  const workers = await startWorkers({ config, logger, queue, db: db });
  const schedules = config.roles.has('scheduler')
    ? startSchedules({ schedules: SCHEDULES, queue, logger })
    : undefined;
  const bots = mountBots({ db, config, logger });
  const app = await createApp({ config, db, logger, queue, extraRouters: bots.routers });
  let server: RunningServer | undefined;

  // Handlers go in before the server announces itself: a stop sent right away must still be graceful.
  onShutdownSignal(logger, async (signal) => {
    logger.info({ signal }, 'shutting down');
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const hardStop = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    hardStop.unref();
    // Stop taking work first, then let in-flight requests and jobs finish, then close the database.
    await schedules?.stop();
    await Promise.all([
      server?.close(Math.max(0, deadline - Date.now() - 1_000)),
      queue.stop(Math.max(0, deadline - Date.now() - 1_000)),
    ]);
    await bots.close();
    await workers.close();
    await app.close();
    await db.close();
    logger.info('stopped');
  });
  if (config.roles.has('api')) {
    // The assistant's parser trains its classifier before the first message (seconds the first time; later
    // starts read it from the model cache).
    warmUpParser();
    server = await listen(app, { host: config.host, port: config.port });
    const shownUrl = config.port === 0 ? server.url : config.publicUrl;
    logger.info({ url: server.url, roles: [...config.roles] }, `Closer is running at ${shownUrl}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `closer: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
