import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import { roles } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';

export const invitationStatuses = ['pending', 'accepted', 'revoked'] as const;

/** An emailed, single-use offer to join an organization with a role (and optionally a team). */
export const invitations = pgTable(
  'invitations',
  {
    tenantId: tenantId(),
    id: id(),
    email: text('email').notNull(),
    roleId: uuid('role_id').notNull(),
    teamId: uuid('team_id'),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: invitationStatuses }).notNull().default('pending'),
    invitedBy: uuid('invited_by'),
    expiresAt: timestampColumn('expires_at').notNull(),
    acceptedAt: timestampColumn('accepted_at'),
    acceptedUserId: uuid('accepted_user_id'),
    revokedAt: timestampColumn('revoked_at'),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: timestampColumn('last_sent_at').notNull().defaultNow(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'invitations_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.roleId],
      foreignColumns: [roles.tenantId, roles.id],
      name: 'invitations_role_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.teamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'invitations_team_fk',
    }).onDelete('set null'),
    uniqueIndex('invitations_pending_email_unique')
      .on(table.tenantId, table.email)
      .where(sql`${table.status} = 'pending'`),
    check('invitations_status_check', sql`${table.status} in ('pending', 'accepted', 'revoked')`),
    check('invitations_email_lower_check', sql`${table.email} = lower(${table.email})`),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
