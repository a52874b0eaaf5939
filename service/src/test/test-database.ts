import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../core/db/database.js';
import { openPglite } from '../core/db/pglite.js';
import { connectPostgres, migratePostgres } from '../core/db/postgres.js';

export interface TestDatabase {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Owner connection string of the fresh database (PostgreSQL only). */
  ownerUrl?: string;
  /** Closes connections and drops the database. */
  destroy(): Promise<void>;
}

/** The server tests run against: TEST_DATABASE_URL (never DATABASE_URL: tests create and drop databases). */
export function testServerUrl(): string | undefined {
  if (process.env.CLOSER_TEST_DB === 'pglite') return undefined;
  return process.env.TEST_DATABASE_URL || undefined;
}

/** A fresh, migrated database per test file: its own database on the server, or an in-memory PGlite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  if (!serverUrl) {
    const db = await openPglite(undefined);
    return { db, kind: 'pglite', destroy: () => db.close() };
  }
  const name = `closer_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  const options = { ownerUrl: ownerUrl.toString(), poolMax: 5 };
  await migratePostgres(options);
  const db = connectPostgres(options);
  return {
    db,
    kind: 'postgres',
    ownerUrl: options.ownerUrl,
    async destroy() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
