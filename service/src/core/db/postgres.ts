import { createHmac } from 'node:crypto';
import { drizzle, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, ListenHandlers, TransactionOptions, Tx } from './database.js';
import { scopeStatement } from './database.js';
import {
  APP_ROLE,
  JOBS_ROLE,
  MIGRATIONS_TABLE,
  expectedMigrationCount,
  migrationsFolder,
} from './migrations.js';
import * as schema from './schema.js';

export interface PostgresOptions {
  /** Owner connection: runs migrations, then is closed. */
  ownerUrl: string;
  /** Application-role connection; derived from `ownerUrl` when absent. */
  appUrl?: string | undefined;
  poolMax: number;
}

/**
 * Role passwords derive from the owner URL, so every instance of one installation agrees on them
 * without storing anything; the owner sets them at start.
 */
export function roleUrl(ownerUrl: string, role: string): string {
  const url = new URL(ownerUrl);
  // Roles belong to the server, not to one database: the password derives from the owner's login on the
  // server, so databases of one server (tests, or two installations) never overwrite each other's.
  const server = new URL(ownerUrl);
  server.pathname = '/';
  server.search = '';
  url.username = role;
  url.password = createHmac('sha256', server.toString()).update(role).digest('base64url');
  return url.toString();
}

/** Migrates as the owner and gives the application roles their login. */
export async function migratePostgres(options: PostgresOptions): Promise<void> {
  const owner = new pg.Client({ connectionString: options.ownerUrl });
  await owner.connect();
  try {
    await owner.query('select pg_advisory_lock(7201001)');
    await migrate(drizzle(owner), { migrationsFolder });
    await grantRoleLogins(owner, options);
  } finally {
    await owner.end();
  }
}

/**
 * Gives the application roles their login, with the passwords `roleUrl` derives from `ownerUrl`. The
 * roles are cluster-wide but the URL names one database: a copy of a migrated database (tests) needs this.
 */
export async function grantRoleLogins(
  owner: pg.ClientBase,
  options: Pick<PostgresOptions, 'ownerUrl' | 'appUrl'>,
): Promise<void> {
  const roles = options.appUrl ? [JOBS_ROLE] : [APP_ROLE, JOBS_ROLE];
  for (const role of roles) {
    const password = new URL(roleUrl(options.ownerUrl, role)).password;
    // Identifiers and base64url passwords are from a fixed alphabet: safe to inline. Roles are
    // cluster-wide, so instances (or test databases) starting together may race on the same row.
    for (let attempt = 1; ; attempt++) {
      try {
        await owner.query(`alter role ${role} with login password '${password}'`);
        break;
      } catch (error) {
        const raced = /tuple concurrently updated/.test((error as Error).message);
        if (!raced || attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Drizzle internals a transaction object is built from; stable within the pinned drizzle-orm version. */
interface DrizzleInternals {
  dialect: ConstructorParameters<typeof NodePgTransaction>[0];
  session: ConstructorParameters<typeof NodePgTransaction>[1];
  _: NonNullable<ConstructorParameters<typeof NodePgTransaction>[2]>;
}

const transactions = new WeakMap<pg.PoolClient, Tx>();

/**
 * The client Drizzle talks to: the pooled client itself for everything but `query`, which counts the
 * statements the work sends (each waits for its answer: a round trip) and runs them on the real client.
 */
function countingClient(client: pg.PoolClient, count: () => void): pg.PoolClient {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const counted = Object.create(client) as pg.PoolClient;
  (counted as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    count();
    return query(...args);
  };
  return counted;
}

/**
 * A Drizzle transaction object bound to one pooled connection, built once per connection. Drizzle's own
 * `transaction()` costs four round trips and rebuilds its session each time; ours costs three
 * (begin + set_config together, the work, commit) and measured ~1.4x the throughput (bench/api-overhead).
 */
function transactionOn(client: pg.PoolClient, count: () => void): Tx {
  let tx = transactions.get(client);
  if (!tx) {
    const bound = drizzle(countingClient(client, count), { schema }) as unknown as DrizzleInternals;
    const { fullSchema, schema: tables, tableNamesMap } = bound._;
    tx = new NodePgTransaction(bound.dialect, bound.session, {
      fullSchema,
      schema: tables,
      tableNamesMap,
    }) as Tx;
    transactions.set(client, tx);
  }
  return tx;
}

/** PostgreSQL server: the app pool logs in as closer_app, the queue as closer_jobs. */
export function connectPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.appUrl ?? roleUrl(options.ownerUrl, APP_ROLE),
    max: options.poolMax,
    idleTimeoutMillis: 30_000,
    // Pipelining lets `begin; set_config` travel with the first query instead of costing a round trip.
    pipeline: true,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  let roundTrips = 0;
  const count = () => {
    roundTrips += 1;
  };
  const corked = (client: pg.PoolClient) => {
    // `begin; set_config` leaves in the same write as what follows it in this tick (syscalls dominate).
    const socket = (
      client as unknown as { connection: { stream: NodeJS.WritableStream & Partial<Corkable> } }
    ).connection.stream;
    socket.cork?.();
    setImmediate(() => socket.uncork?.());
  };

  return {
    kind: 'postgres',
    async transaction<T>(
      scope: Parameters<Database['transaction']>[0],
      work: (tx: Tx) => Promise<T>,
      options: TransactionOptions = {},
    ) {
      const scopeSql = scopeStatement(scope);
      const client = await pool.connect();
      let release: 'now' | 'destroy' | 'after commit' = 'destroy';
      try {
        // Pipelined and corked: `begin; set_config` leaves in the same write as the work's first query.
        // If it fails, the transaction is aborted and every later statement fails: nothing runs unscoped.
        corked(client);
        const begun = client.query(`begin${options.readOnly ? ' read only' : ''}; ${scopeSql}`);
        let result: T;
        try {
          result = await work(transactionOn(client, count));
          await begun;
        } catch (error) {
          await begun.catch(() => undefined);
          release = await client.query('rollback').then(
            () => 'now' as const,
            () => 'destroy' as const,
          );
          throw error;
        }
        if (options.readOnly) {
          // A read-only transaction has nothing to make durable: its commit is not waited for, and the
          // connection returns to the pool once it is done (a later query on it would queue behind it).
          release = 'after commit';
          client.query('commit').then(
            () => client.release(),
            () => client.release(true),
          );
          return result;
        }
        count();
        await client.query('commit');
        release = 'now';
        return result;
      } finally {
        // A connection in an unknown state is destroyed rather than handed to the next request.
        if (release !== 'after commit') client.release(release === 'destroy');
      }
    },
    async read<Row>(scope: Parameters<Database['read']>[0], text: string, values: unknown[]) {
      const scopeSql = scopeStatement(scope);
      const client = await pool.connect();
      corked(client);
      count();
      const sent = [
        client.query(`begin read only; ${scopeSql}`),
        client.query<Row & pg.QueryResultRow>(text, values),
        client.query('commit'),
      ] as const;
      const [begun, selected, committed] = await Promise.allSettled(sent);
      const clean = begun.status === 'fulfilled' && committed.status === 'fulfilled';
      client.release(!clean);
      if (selected.status === 'rejected') throw selected.reason as Error;
      if (!clean) throw new Error('the scoped read could not begin or commit');
      return selected.value.rows;
    },
    listen: (channel, handlers) =>
      listenOn(options.appUrl ?? roleUrl(options.ownerUrl, APP_ROLE), channel, handlers),
    roundTrips: () => roundTrips,
    async ping() {
      await pool.query('select 1');
    },
    async pendingMigrations() {
      const { rows } = await pool.query<{ applied: string }>(
        `select count(*) as applied from ${MIGRATIONS_TABLE}`,
      );
      return Math.max(0, (await expectedMigrationCount()) - Number(rows[0]?.applied ?? 0));
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    queueConnection: () => ({ connectionString: roleUrl(options.ownerUrl, JOBS_ROLE), max: 4 }),
    close: () => pool.end(),
  };
}

/**
 * LISTEN on its own connection, reconnecting with a growing pause when it drops. While it is down the
 * caller is told (`onLost`): notifications sent meanwhile are gone, so caches must not trust themselves.
 */
async function listenOn(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  if (!/^[a-z_]+$/.test(channel)) throw new TypeError('channel names are lower-case words');
  let client: pg.Client | undefined;
  let stopped = false;
  let pause = 100;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => handlers.onMessage(message.payload ?? ''));
    next.on('error', () => undefined);
    next.on('end', () => {
      if (stopped) return;
      handlers.onLost();
      setTimeout(() => void reconnect(), pause).unref();
    });
    await next.connect();
    await next.query(`listen ${channel}`);
    client = next;
    pause = 100;
  };
  const reconnect = async () => {
    if (stopped) return;
    try {
      await connect();
      handlers.onRestored();
    } catch {
      pause = Math.min(pause * 2, 5_000);
      setTimeout(() => void reconnect(), pause).unref();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
