import { check, foreignKey, index, inet, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, newId, tenantId } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

export const auditChannels = ['web', 'api', 'slack', 'teams', 'import', 'workflow', 'system'] as const;
export type AuditChannel = (typeof auditChannels)[number];

/** Append-only record of every change. The application role may insert and read, never update or delete. */
export const auditLogs = pgTable(
  'audit_logs',
  {
    tenantId: tenantId(),
    id: id(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    via: text('via', { enum: auditChannels }).notNull(),
    ip: inet('ip'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'audit_logs_tenant_fk' }),
    index('audit_logs_entity_idx').on(table.tenantId, table.entityType, table.entityId),
    index('audit_logs_created_idx').on(table.tenantId, table.createdAt),
    check(
      'audit_logs_via_check',
      sql`${table.via} in ('web', 'api', 'slack', 'teams', 'import', 'workflow', 'system')`,
    ),
  ],
);

export type AuditLog = typeof auditLogs.$inferSelect;

/** Platform actions (organizations created or suspended, support staff, cross-tenant reads). Append-only. */
export const platformAuditLogs = pgTable(
  'platform_audit_logs',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    targetTenantId: uuid('target_tenant_id'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    via: text('via', { enum: auditChannels }).notNull(),
    ip: inet('ip'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (table) => [index('platform_audit_logs_created_idx').on(table.createdAt)],
);

export type PlatformAuditLog = typeof platformAuditLogs.$inferSelect;
