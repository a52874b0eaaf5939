import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { connectPostgres, migratePostgres } from './postgres.js';

/** Migrates, then opens the application's connection: PostgreSQL when configured, else embedded PGlite. */
export async function connectDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) return openPglite(path.join(config.dataDir, 'pgdata'));
  const options = {
    ownerUrl: config.databaseUrl,
    appUrl: config.databaseAppUrl,
    poolMax: config.databasePoolMax,
  };
  await migratePostgres(options);
  return connectPostgres(options);
}
