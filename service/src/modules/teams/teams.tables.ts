import { sql } from 'drizzle-orm';
import { check, foreignKey, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';

export const teams = pgTable(
  'teams',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'teams_tenant_fk' }),
    uniqueIndex('teams_name_unique').on(table.tenantId, sql`lower(${table.name})`),
  ],
);

export const teamMemberRoles = ['member', 'manager'] as const;

/** Who is in a team and who manages it; a manager's record scope is the teams they manage. */
export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: tenantId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: teamMemberRoles }).notNull().default('member'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.teamId, table.userId] }),
    foreignKey({
      columns: [table.tenantId, table.teamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'team_members_team_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'team_members_membership_fk',
    }),
    check('team_members_role_check', sql`${table.role} in ('member', 'manager')`),
  ],
);

export type Team = typeof teams.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
