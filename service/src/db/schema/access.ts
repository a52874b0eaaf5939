import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  inet,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, newId, tenantId, timestampColumn, updatedAt, version } from './columns.js';
import { memberships, roles, teams } from './organization.js';
import { tenants } from './tenants.js';
import { users } from './users.js';

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activeTenantId: uuid('active_tenant_id').references(() => tenants.id),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestampColumn('last_seen_at').notNull().defaultNow(),
    expiresAt: timestampColumn('expires_at').notNull(),
  },
  (table) => [
    index('sessions_user_idx').on(table.userId),
    index('sessions_tenant_idx').on(table.activeTenantId),
  ],
);

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

/** Single-use, short-lived password reset (and first password) tokens, stored hashed. */
export const passwordResetTokens = pgTable('password_reset_tokens', {
  id: uuid('id').primaryKey().$defaultFn(newId),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestampColumn('expires_at').notNull(),
  usedAt: timestampColumn('used_at'),
  createdAt: createdAt(),
});

export type Session = typeof sessions.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
