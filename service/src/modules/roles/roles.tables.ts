import { sql } from 'drizzle-orm';
import { check, foreignKey, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import { users } from '../users/users.tables.js';

/** A set of permissions. Built-in roles carry the spec's arrays; organizations add custom ones. */
export const roles = pgTable(
  'roles',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    builtInKey: text('built_in_key'),
    permissions: text('permissions').array().notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'roles_tenant_fk' }),
    uniqueIndex('roles_name_unique').on(table.tenantId, sql`lower(${table.name})`),
    uniqueIndex('roles_built_in_unique').on(table.tenantId, table.builtInKey),
  ],
);

export const membershipStatuses = ['active', 'deactivated'] as const;

/** A user's place in one organization, with one role. */
export const memberships = pgTable(
  'memberships',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleId: uuid('role_id').notNull(),
    status: text('status', { enum: membershipStatuses }).notNull().default('active'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    unique('memberships_user_unique').on(table.tenantId, table.userId),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'memberships_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.roleId],
      foreignColumns: [roles.tenantId, roles.id],
      name: 'memberships_role_fk',
    }),
    check('memberships_status_check', sql`${table.status} in ('active', 'deactivated')`),
  ],
);

export type Role = typeof roles.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export const isBuiltIn = (role: Pick<Role, 'builtInKey'>): boolean => role.builtInKey !== null;
