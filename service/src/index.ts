/** The service's public module API, for the composition root, the bots and the benchmarks. */
export { createApp, type App, type AppDependencies } from './app.js';
export { loadConfig, ConfigError, type Config } from './core/config/config.js';
export { currentContext, runWithContext, type RequestContext } from './core/context/request-context.js';
export { connectDatabase } from './core/db/connect.js';
export { queryRows, type Database, type TenantScope, type Tx } from './core/db/database.js';
export { openPglite } from './core/db/pglite.js';
export { connectPostgres, migratePostgres } from './core/db/postgres.js';
export * as schema from './core/db/schema.js';
export { inTenant } from './core/context/unit-of-work.js';
export { AppError } from './core/errors/app-error.js';
export { startJobQueue, type JobQueue } from './core/jobs/job-queue.js';
export { createLogger, type Logger } from './core/logger.js';
export { listen, type RunningServer } from './core/http/server.js';
export { toChatReply, ERROR_SENTENCES, type ChatReply, type ErrorCode } from './errors.js';
export type { Actor, TenantActor, Via } from './core/identity/actor.js';
export { MODULES } from './modules.js';
