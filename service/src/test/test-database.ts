import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../core/db/database.js';
import { openPglite, PGLITE_EXTENSIONS } from '../core/db/pglite.js';
import { connectPostgres, grantRoleLogins, migratePostgres } from '../core/db/postgres.js';
import { startJobQueue } from '../core/jobs/job-queue.js';
import { createLogger } from '../core/logger.js';
import {
  RUN_DIR_ENV,
  TEMPLATE_DB_ENV,
  databaseUrl,
  templateDatabases,
  testDatabaseName,
  testServerUrl,
  withServer,
} from './jest-global-setup.js';

export { testServerUrl } from './jest-global-setup.js';

export interface TestDatabase {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Owner connection string of the fresh database (PostgreSQL only). */
  ownerUrl?: string;
  /** Closes connections and drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database per test file: its own database on the server, or an in-memory PGlite.
 * Under `npm test` both are copies of one database this run migrated once (jest-global-setup.ts), so a
 * test file pays a copy, not the migrations; without that set-up each file migrates its own.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  if (!serverUrl) {
    const db = await openTestPglite();
    return { db, kind: 'pglite', destroy: () => db.close() };
  }
  const name = testDatabaseName('test');
  const template = process.env[TEMPLATE_DB_ENV];
  const options = { ownerUrl: databaseUrl(serverUrl, name), poolMax: 5 };
  if (template) {
    await withServer(serverUrl, async (admin) => {
      await ensureTemplate(admin, serverUrl, template);
      await copyDatabase(admin, template, name, options.ownerUrl);
    });
  } else {
    await withServer(serverUrl, (admin) => admin.query(`create database ${name}`));
    await migratePostgres(options);
  }
  const db = connectPostgres(options);
  return {
    db,
    kind: 'postgres',
    ownerUrl: options.ownerUrl,
    async destroy() {
      await db.close();
      await withServer(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** What every new database gets at start besides the migrations: pg-boss's schema and Closer's queues. */
async function startAndStopJobQueue(db: Database): Promise<void> {
  const queue = await startJobQueue({ db, logger: createLogger({ level: 'silent' }), runWorkers: false });
  await queue.stop(1_000);
}

/** Retries `work` while PostgreSQL says a database it needs alone is still in use (55006). */
async function whileInUse<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error;
      await sleep(50);
    }
  }
}

/**
 * Builds this run's template once: the first test file to get here migrates a database under another
 * name and renames it, holding an advisory lock that the others wait on. A crashed builder releases the
 * lock and leaves at most the build database, which the next builder drops.
 */
async function ensureTemplate(admin: pg.Client, serverUrl: string, template: string): Promise<void> {
  const exists = async () =>
    (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
  if (await exists()) return;
  await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
  try {
    if (await exists()) return;
    const { build } = templateDatabases(template);
    await admin.query(`drop database if exists ${build} with (force)`);
    await admin.query(`create database ${build}`);
    const options = { ownerUrl: databaseUrl(serverUrl, build), poolMax: 1 };
    await migratePostgres(options);
    const db = connectPostgres(options);
    try {
      await startAndStopJobQueue(db);
    } finally {
      await db.close();
    }
    // No one may connect to a template while it is copied; renaming waits for the last session to go.
    await admin.query(`alter database ${build} with allow_connections false`);
    await whileInUse(() => admin.query(`alter database ${build} rename to ${template}`));
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
  }
}

/**
 * `CREATE DATABASE ... TEMPLATE` copies the database's contents but not what the server keeps about it
 * in shared catalogs. Of that, migrations set database privileges (0000 lets closer_jobs create its
 * schema), which are copied here; role passwords derive from the database's URL, so they are set as
 * `migratePostgres` sets them. Database-level settings are not copied: none exist, and if a migration
 * adds one this fails rather than test a database that differs from a migrated one.
 */
async function copyDatabase(
  admin: pg.Client,
  template: string,
  name: string,
  ownerUrl: string,
): Promise<void> {
  await whileInUse(() => admin.query(`create database ${name} template ${template}`));
  const { rows: settings } = await admin.query(
    `select 1 from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase where d.datname = $1`,
    [template],
  );
  if (settings.length) {
    throw new Error(`${template} has database-level settings, which test-database.ts does not copy yet`);
  }
  const { rows: grants } = await admin.query<{ privilege: string; grantee: string; grantable: boolean }>(
    `select a.privilege_type as privilege, coalesce(quote_ident(r.rolname), 'public') as grantee,
       a.is_grantable as grantable
     from pg_database d cross join lateral aclexplode(d.datacl) a left join pg_roles r on r.oid = a.grantee
     where d.datname = $1 and a.grantee <> d.datdba`,
    [template],
  );
  if (grants.length) {
    // A database's default privileges give PUBLIC some; the template's list says exactly who has what.
    await admin.query(`revoke all on database ${name} from public`);
    for (const { privilege, grantee, grantable } of grants) {
      await admin.query(
        `grant ${privilege} on database ${name} to ${grantee}${grantable ? ' with grant option' : ''}`,
      );
    }
  }
  // Roles are cluster-wide: any owner connection can set them.
  await grantRoleLogins(admin, { ownerUrl });
}

/** PGlite from this run's migrated snapshot, built by the first test file that needs it. */
async function openTestPglite(): Promise<Database> {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) return openPglite(undefined);
  const file = path.join(runDir, 'pglite.tar');
  const snapshot = await readFile(file).then(
    (bytes) => new Blob([bytes]),
    () => buildPgliteSnapshot(file),
  );
  // Migrating a migrated copy finds nothing to do (a few milliseconds) and keeps openPglite's default.
  return openPglite(undefined, {
    client: await PGlite.create({ loadDataDir: snapshot, extensions: PGLITE_EXTENSIONS }),
  });
}

/** Two workers may both build it at once: each writes its own file and renames it, the last one wins. */
async function buildPgliteSnapshot(file: string): Promise<Blob> {
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const db = await openPglite(undefined, { client });
  let snapshot: Blob;
  try {
    await startAndStopJobQueue(db);
    snapshot = await client.dumpDataDir('none');
  } finally {
    await db.close();
  }
  const partial = `${file}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return snapshot;
}
