import { and, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from './database.js';

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

/**
 * Optimistic concurrency in one statement: applies `set` and bumps the version when the row still has
 * the `version` the caller read. Undefined when someone changed it first (the caller answers 409 with
 * the current record) or when `where` (a record-scope condition) excludes it.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Tx,
  table: T,
  key: { id: string; version: number },
  set: PgUpdateSetSource<T>,
  where?: SQL,
): Promise<T['$inferSelect'] | undefined> {
  // A search vector is never read back (it would only bloat audit entries).
  const { search: _search, ...columns } = getTableColumns(table);
  const rows = (await tx
    .update(table)
    .set({ ...set, version: key.version + 1 })
    .where(and(eq(table.id, key.id), eq(table.version, key.version), where))
    .returning(columns)) as T['$inferSelect'][];
  return rows[0];
}
