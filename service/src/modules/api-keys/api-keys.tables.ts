import { foreignKey, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';

/** A machine credential in one organization. The secret is shown once; its hash and a visible prefix stay. */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    permissions: text('permissions').array().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestampColumn('last_used_at'),
    revokedAt: timestampColumn('revoked_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('api_keys_prefix_unique').on(table.prefix),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'api_keys_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.createdBy],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'api_keys_creator_fk',
    }),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
