import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT, Schema>;

/** Who a unit of work runs for; becomes `app.tenant_id` / `app.user_id` for row-level security. */
export interface TenantScope {
  tenantId: string;
  userId?: string | null;
}

/** What pg-boss needs from a connection (its `db` option). */
export interface SqlExecutor {
  executeSql(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount?: number | null }>;
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
  transaction<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>): Promise<T>;
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

/** Rejects anything that is not a UUID before it reaches `set_config`. */
export function assertScope(scope: TenantScope): void {
  if (!UUID.test(scope.tenantId)) throw new TypeError('tenant scope needs a UUID tenantId');
  if (scope.userId != null && !UUID.test(scope.userId))
    throw new TypeError('tenant scope userId must be a UUID');
}

/** Rows of a raw SQL query; both drivers answer `{ rows }`, which the shared Tx type cannot express. */
export async function queryRows<Row>(tx: Tx, query: SQL): Promise<Row[]> {
  const result = (await tx.execute(query)) as { rows: Row[] };
  return result.rows;
}
