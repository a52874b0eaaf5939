import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Committed SQL migrations; the same folder from `src/core/db` and `dist/core/db`. */
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Number of migrations the code expects, from drizzle-kit's journal. */
export async function expectedMigrationCount(): Promise<number> {
  const journal = JSON.parse(await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export const MIGRATIONS_TABLE = 'drizzle.__drizzle_migrations';
export const APP_ROLE = 'closer_app';
export const JOBS_ROLE = 'closer_jobs';
