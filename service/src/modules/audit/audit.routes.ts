import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { auditLogs, platformAuditLogs } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import type { AuthContext } from '../../core/identity/actor.js';

export const AuditQuery = z.strictObject({
  actor: z.uuid().optional().describe('User id of whoever acted'),
  entity: z.string().max(200).optional().describe('Entity type, or type:id'),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  tenantId: z.uuid().optional().describe('Platform staff only: the organization to read'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.uuid().optional().describe('nextCursor of the previous page'),
});
type AuditQuery = z.output<typeof AuditQuery>;

export const AuditEntryOut = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    via: z.string(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const AuditPage = pageOf(AuditEntryOut);

function filters(table: typeof auditLogs | typeof platformAuditLogs, query: AuditQuery): SQL | undefined {
  const [entityType, entityId] = query.entity?.split(':', 2) ?? [];
  return and(
    query.actor ? eq(table.actorId, query.actor) : undefined,
    entityType ? eq(table.entityType, entityType) : undefined,
    entityId ? eq(table.entityId, entityId) : undefined,
    query.action ? eq(table.action, query.action) : undefined,
    query.from ? gte(table.createdAt, new Date(query.from)) : undefined,
    query.to ? lte(table.createdAt, new Date(query.to)) : undefined,
    query.cursor ? lt(table.id, query.cursor) : undefined,
  );
}

function present(
  row: typeof auditLogs.$inferSelect | (typeof platformAuditLogs.$inferSelect & { tenantId?: undefined }),
) {
  return {
    id: row.id,
    tenantId: 'tenantId' in row && row.tenantId ? row.tenantId : null,
    actorId: row.actorId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    via: row.via,
    ip: row.ip,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}

function page<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

/** Organization admins read their log; platform staff read any organization's (and that read is audited). */
async function readTenantLog(db: Database, auth: AuthContext, query: AuditQuery) {
  const select = (tx: Parameters<Parameters<Database['transaction']>[1]>[0]) =>
    tx
      .select()
      .from(auditLogs)
      .where(
        and(filters(auditLogs, query), query.tenantId ? eq(auditLogs.tenantId, query.tenantId) : undefined),
      )
      .orderBy(desc(auditLogs.id))
      .limit(query.limit + 1);
  const usePlatform =
    auth.permissions.has('platform.access_audit_logs') && (query.tenantId || !auth.tenantId);
  if (usePlatform) {
    const audit = {
      action: 'platform.audit_log_read',
      entityType: 'audit_log',
      targetTenantId: query.tenantId ?? null,
      after: query,
    };
    return asPlatform(db, auth, audit, select, null);
  }
  if (!auth.permissions.has('org.view_audit_logs') || !auth.tenantId) {
    throw new AppError('forbidden', {
      message: 'This needs the permission org.view_audit_logs',
    });
  }
  if (query.tenantId && query.tenantId !== auth.tenantId) throw AppError.notFound('Organization');
  return db.transaction({ tenantId: auth.tenantId, userId: auth.userId }, select);
}

export function auditRoutes(deps: { db: Database }): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/audit-logs',
      summary: "Read the organization's audit log (platform staff: any organization)",
      tags: ['Audit'],
      access: 'authenticated',
      permissions: ['org.view_audit_logs', 'platform.access_audit_logs'],
      request: { query: AuditQuery },
      responses: { 200: { description: 'Entries, newest first', schema: AuditPage } },
      handler: async ({ auth, query }) => {
        const rows = await readTenantLog(deps.db, auth, query);
        const result = page(rows, query.limit);
        return { body: { items: result.items.map(present), nextCursor: result.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/audit-logs',
      summary: "Read the platform's own audit log",
      tags: ['Platform'],
      access: 'authenticated',
      permissions: ['platform.access_audit_logs'],
      request: { query: AuditQuery },
      responses: { 200: { description: 'Entries, newest first', schema: AuditPage } },
      handler: async ({ auth, query }) => {
        const audit = {
          action: 'platform.platform_log_read',
          entityType: 'platform_audit_log',
          after: query,
        };
        const rows = await asPlatform(deps.db, auth, audit, (tx) =>
          tx
            .select()
            .from(platformAuditLogs)
            .where(
              and(
                filters(platformAuditLogs, query),
                query.tenantId ? eq(platformAuditLogs.targetTenantId, query.tenantId) : undefined,
              ),
            )
            .orderBy(desc(platformAuditLogs.id))
            .limit(query.limit + 1),
        );
        const result = page(rows, query.limit);
        return { body: { items: result.items.map(present), nextCursor: result.nextCursor } };
      },
    }),
  ];
}
