import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

export type Schema = typeof schema;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Who a unit of work runs for. Each field becomes a transaction-local setting that row-level security
 * policies read: `app.tenant_id`, `app.user_id`, `app.platform`, `app.system`.
 */
export interface TenantScope {
  /** Tenant whose rows are visible; null for work that belongs to no tenant (sign-in, platform). */
  tenantId: string | null;
  userId?: string | null;
  /** Cross-tenant platform work. Only `asPlatform()` sets it, and it writes an audit entry. */
  platform?: boolean;
  /**
   * System work: `auth` for pre-authentication lookups (sign-in, sessions, API keys, invitations,
   * password reset); `events` for the event dispatcher reading the log of every organization;
   * `schedules` for scheduled jobs finding which organizations have something due.
   */
  system?: 'auth' | 'events' | 'schedules';
}

/** What pg-boss needs from a connection (its `db` option). */
export interface SqlExecutor {
  executeSql(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount?: number | null }>;
}

export interface TransactionOptions {
  /** The work only reads (a GET): the database refuses writes, and the commit costs no wait. */
  readOnly?: boolean;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  onLost(): void;
  onRestored(): void;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The application's only way into the database. Work runs as the unprivileged application role inside
 * a transaction whose first statement sets the tenant; there is no API for an unscoped connection.
 */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction as the application role, scoped to `scope.tenantId`. */
  transaction<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * One statement in its own scoped, read-only transaction, for hot paths (resolving a caller): on
   * PostgreSQL `begin`, the statement and `commit` travel in one write, so it costs one round trip.
   */
  read<Row>(scope: TenantScope, text: string, values: unknown[]): Promise<Row[]>;
  /**
   * Calls `onMessage` for every NOTIFY on `channel`, from any instance. `onLost` says messages may have
   * been missed (the listener's connection dropped); `onRestored` that it listens again.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /** Statements sent to the server that each waited for an answer (round trips), for tests and benchmarks. */
  roundTrips(): number;
  /** Round-trips a trivial query as the application role. */
  ping(): Promise<void>;
  /** Number of committed migrations not yet applied (0 when current). */
  pendingMigrations(): Promise<number>;
  poolStats(): PoolStats;
  /** Connection for the job queue: an own pool on PostgreSQL, the shared instance on PGlite. */
  queueConnection(): { connectionString: string; max: number } | { db: SqlExecutor };
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that opens every unit of work. Ids are checked to be UUIDs first, and the flags come
 * from fixed strings, so inlining is safe (and lets PostgreSQL take it in the same write as `begin`).
 */
export function scopeStatement(scope: TenantScope): string {
  if (scope.tenantId !== null && !UUID.test(scope.tenantId))
    throw new TypeError('scope tenantId must be a UUID');
  if (scope.userId != null && !UUID.test(scope.userId)) throw new TypeError('scope userId must be a UUID');
  if (scope.tenantId === null && !scope.platform && !scope.system && !scope.userId) {
    throw new TypeError('a scope needs a tenant, a user, platform or system');
  }
  // Transaction-local settings start empty in every transaction, so only the ones with a value are set.
  const settings: [string, string][] = [
    ['app.tenant_id', scope.tenantId ?? ''],
    ['app.user_id', scope.userId ?? ''],
    ['app.platform', scope.platform ? 'on' : ''],
    ['app.system', scope.system ?? ''],
  ];
  const set = settings.filter(([, value]) => value !== '');
  return `select ${set.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ')}`;
}

/** Rows of a raw SQL query; both drivers answer `{ rows }`, which the shared Tx type cannot express. */
export async function queryRows<Row>(tx: Tx, query: SQL): Promise<Row[]> {
  const result = (await tx.execute(query)) as { rows: Row[] };
  return result.rows;
}

/**
 * The driver-level connection under a Drizzle transaction, for libraries that take raw SQL (pg-boss):
 * both drivers keep it at `session.client` and answer `query(text, values)` with `{ rows }`.
 */
export function sqlExecutorOf(tx: Tx): SqlExecutor {
  const client = (tx as unknown as { session: { client: RawClient } }).session.client;
  return {
    async executeSql(text, values) {
      const result = await client.query(text, values ?? []);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? null };
    },
  };
}

interface RawClient {
  query(
    text: string,
    values: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount?: number | null; affectedRows?: number }>;
}
