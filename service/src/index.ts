/** The service's public module API, for the composition root, the bots and the benchmarks. */
export { createApp, type App, type AppDependencies } from './app.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { currentScope, enterTenant, runWithContext, type RequestContext } from './context/request-context.js';
export { connectDatabase } from './db/connect.js';
export { queryRows, type Database, type TenantScope, type Tx } from './db/database.js';
export { openPglite } from './db/pglite.js';
export { connectPostgres, migratePostgres } from './db/postgres.js';
export * as schema from './db/schema/index.js';
export { inTenant } from './db/unit-of-work.js';
export { AppError } from './http/app-error.js';
export { startJobQueue, type JobQueue } from './jobs/job-queue.js';
export { createLogger, type Logger } from './logger.js';
export { listen, type RunningServer } from './server.js';
