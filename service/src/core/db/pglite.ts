import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database, SqlExecutor, TransactionOptions, Tx } from './database.js';
import { scopeStatement } from './database.js';
import { APP_ROLE, MIGRATIONS_TABLE, expectedMigrationCount, migrationsFolder } from './migrations.js';
import * as schema from './schema.js';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Extensions the migrations create; PGlite loads them from its own package (nothing is downloaded). */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** Whether a process runs (one we may not signal runs too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims an embedded database's folder for this process: PGlite keeps the database in memory and writes it
 * back to the folder, so two processes on one folder overwrite each other and can leave it unreadable. A
 * lock file beside the folder names the process that holds it; one left by a process that has gone is taken
 * over. Returns what releases the claim.
 */
async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = `${dataDir}.lock`;
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number((await readFile(lock, 'utf8')).trim());
    if (holder && holder !== process.pid && running(holder))
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${holder}: stop that Closer first, or set CLOSER_DATA_DIR to another folder`,
      );
    await writeFile(lock, String(process.pid));
  }
  return () => rm(lock, { force: true });
}

/**
 * Opens (or creates) the embedded database and migrates it. `dataDir` undefined means in memory;
 * `options.client` is a PGlite the caller already created instead (tests load a migrated snapshot).
 * PGlite has one connection and one login (a superuser), so each unit of work switches to the
 * application role with `SET LOCAL ROLE`, which makes RLS apply exactly as on a server.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { client?: PGlite } = {},
): Promise<Database> {
  const owned = dataDir !== undefined && !options.client;
  if (owned) await mkdir(dataDir, { recursive: true });
  const release = owned ? await claimDataDir(dataDir) : async () => {};
  let client: PGlite;
  try {
    client =
      options.client ??
      (await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: PGLITE_EXTENSIONS }));
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });

  const executor: SqlExecutor = {
    async executeSql(text, values) {
      if (values !== undefined) {
        const result = await client.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }
      // Multi-statement text (pg-boss's schema plans) only runs through the simple protocol.
      const results = await client.exec(text);
      const last = results.at(-1);
      return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
    },
  };
  let waiting = 0;
  let active = 0;

  return {
    kind: 'pglite',
    async transaction<T>(
      scope: Parameters<Database['transaction']>[0],
      work: (tx: Tx) => Promise<T>,
      options: TransactionOptions = {},
    ) {
      const scopeSql = scopeStatement(scope);
      waiting += 1;
      let started = false;
      try {
        return await db.transaction(async (tx) => {
          started = true;
          waiting -= 1;
          active += 1;
          try {
            // Read-only as on a server, so a GET that writes fails in tests on either database.
            if (options.readOnly) await tx.execute(sql.raw('set transaction read only'));
            await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
            await tx.execute(sql.raw(scopeSql));
            return await work(tx);
          } finally {
            active -= 1;
          }
        });
      } finally {
        if (!started) waiting -= 1;
      }
    },
    async read<Row>(scope: Parameters<Database['read']>[0], text: string, values: unknown[]) {
      const scopeSql = scopeStatement(scope);
      return client.transaction(async (tx) => {
        await tx.exec(`set transaction read only; set local role ${APP_ROLE}; ${scopeSql}`);
        return (await tx.query<Row>(text, values)).rows;
      });
    },
    async listen(channel, handlers) {
      // In-process: nothing can drop between the database and its listener.
      const unsubscribe = await client.listen(channel, (payload) => handlers.onMessage(payload));
      return unsubscribe;
    },
    // In-process calls, not network round trips: nothing to count.
    roundTrips: () => 0,
    async ping() {
      await client.query('select 1');
    },
    async pendingMigrations() {
      const { rows } = await client.query<{ applied: number }>(
        `select count(*)::int as applied from ${MIGRATIONS_TABLE}`,
      );
      return Math.max(0, (await expectedMigrationCount()) - (rows[0]?.applied ?? 0));
    },
    poolStats: () => ({ total: 1, idle: active === 0 ? 1 : 0, waiting }),
    queueConnection: () => ({ db: executor }),
    close: async () => {
      await client.close();
      await release();
    },
  };
}
