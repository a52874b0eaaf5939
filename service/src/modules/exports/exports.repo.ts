import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { tenants } from '../platform/platform.tables.js';
import {
  exports,
  type Export,
  type ExportFormat,
  type ExportResource,
  type ExportStatus,
} from './exports.tables.js';

export async function insertExport(
  tx: Tx,
  values: {
    tenantId: string;
    resource: ExportResource;
    format: ExportFormat;
    filters: Record<string, string>;
    columns: string[];
    createdBy: string;
  },
): Promise<Export> {
  const [row] = await tx.insert(exports).values(values).returning();
  return row!;
}

export async function findExport(
  tx: Tx,
  visible: SQL | undefined,
  exportId: string,
): Promise<Export | undefined> {
  const [row] = await tx
    .select()
    .from(exports)
    .where(and(eq(exports.id, exportId), visible));
  return row;
}

/** Newest first; keyset on (created_at, id). */
export function listExports(
  tx: Tx,
  options: { visible: SQL; limit: number; after?: [string, string] | undefined },
): Promise<Export[]> {
  const after = options.after
    ? or(
        lt(exports.createdAt, new Date(options.after[0])),
        and(eq(exports.createdAt, new Date(options.after[0])), lt(exports.id, options.after[1])),
      )
    : undefined;
  return tx
    .select()
    .from(exports)
    .where(and(options.visible, after))
    .orderBy(desc(exports.createdAt), desc(exports.id))
    .limit(options.limit + 1);
}

/** Changes an export's state; returns it as it now is. */
export async function updateExport(
  tx: Tx,
  exportId: string,
  changes: Partial<
    Pick<
      Export,
      | 'status'
      | 'rowsDone'
      | 'rowsTotal'
      | 'filePath'
      | 'fileSize'
      | 'error'
      | 'startedAt'
      | 'finishedAt'
      | 'expiresAt'
    >
  >,
): Promise<Export | undefined> {
  const [row] = await tx
    .update(exports)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(exports.id, exportId))
    .returning();
  return row;
}

/** The organization's finished exports whose files are past their expiry. */
export function expiredExports(tx: Tx, now: Date): Promise<Export[]> {
  const done: ExportStatus[] = ['completed', 'failed'];
  return tx
    .select()
    .from(exports)
    .where(
      and(
        sql`${exports.status} in (${sql.join(
          done.map((status) => sql`${status}`),
          sql`, `,
        )})`,
        lt(exports.expiresAt, now),
      ),
    );
}

/** The organization's status (`active`, `suspended`), as its own scope reads it. */
export async function tenantStatus(tx: Tx, tenantId: string): Promise<string | undefined> {
  const [row] = await tx.select({ status: tenants.status }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.status;
}
