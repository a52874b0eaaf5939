export { createApp, type App, type AppDependencies } from './app.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { connectDatabase } from './db/connect.js';
export type { Database, TenantScope, Tx } from './db/database.js';
export { AppError } from './http/app-error.js';
export { listen, type RunningServer } from './server.js';
export { createLogger, type Logger } from './logger.js';
