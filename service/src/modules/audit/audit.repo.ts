import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { AuditFilters } from './audit.schema.js';
import { auditLogs, platformAuditLogs, type AuditLog, type PlatformAuditLog } from './audit.tables.js';

/** One page of a log, newest first; `nextCursor` is the last entry's id when more follow. */
export interface AuditLogPage<Entry> {
  entries: Entry[];
  nextCursor: string | null;
}

/** The filters both logs share. Ids are UUIDv7, so id order is time order and the id is the cursor. */
function matching(table: typeof auditLogs | typeof platformAuditLogs, filters: AuditFilters) {
  const [entityType, entityId] = filters.entity?.split(':', 2) ?? [];
  return [
    filters.actorId ? eq(table.actorId, filters.actorId) : undefined,
    entityType ? eq(table.entityType, entityType) : undefined,
    entityId ? eq(table.entityId, entityId) : undefined,
    filters.action ? eq(table.action, filters.action) : undefined,
    filters.via ? eq(table.via, filters.via) : undefined,
    filters.from ? gte(table.createdAt, new Date(filters.from)) : undefined,
    filters.to ? lte(table.createdAt, new Date(filters.to)) : undefined,
    filters.cursor ? lt(table.id, filters.cursor) : undefined,
  ] satisfies (SQL | undefined)[];
}

function pageOf<Entry extends { id: string }>(rows: Entry[], limit: number): AuditLogPage<Entry> {
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? entries.at(-1)!.id : null };
}

/** Entries of organizations' logs; `tenantId` narrows to one (RLS decides which the transaction sees). */
export async function tenantLogPage(tx: Tx, filters: AuditFilters): Promise<AuditLogPage<AuditLog>> {
  const rows = await tx
    .select()
    .from(auditLogs)
    .where(
      and(
        filters.tenantId ? eq(auditLogs.tenantId, filters.tenantId) : undefined,
        ...matching(auditLogs, filters),
      ),
    )
    .orderBy(desc(auditLogs.id))
    .limit(filters.limit + 1);
  return pageOf(rows, filters.limit);
}

/** Entries of the platform's own log; `tenantId` narrows to those about one organization. */
export async function platformLogPage(
  tx: Tx,
  filters: AuditFilters,
): Promise<AuditLogPage<PlatformAuditLog>> {
  const rows = await tx
    .select()
    .from(platformAuditLogs)
    .where(
      and(
        filters.tenantId ? eq(platformAuditLogs.targetTenantId, filters.tenantId) : undefined,
        ...matching(platformAuditLogs, filters),
      ),
    )
    .orderBy(desc(platformAuditLogs.id))
    .limit(filters.limit + 1);
  return pageOf(rows, filters.limit);
}
