import { sql } from 'drizzle-orm';
import { check, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, newId, timestampColumn, updatedAt } from '../../core/db/columns.js';

export const userStatuses = ['active', 'disabled'] as const;
export const platformRoles = ['super_admin', 'support'] as const;

/** A person. Platform-wide (one email, one user); organizations reach them through memberships. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    status: text('status', { enum: userStatuses }).notNull().default('active'),
    platformRole: text('platform_role', { enum: platformRoles }),
    passwordChangedAt: timestampColumn('password_changed_at'),
    lastLoginAt: timestampColumn('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('users_email_lower_check', sql`${table.email} = lower(${table.email})`),
    check('users_status_check', sql`${table.status} in ('active', 'disabled')`),
    check('users_platform_role_check', sql`${table.platformRole} in ('super_admin', 'support')`),
  ],
);

export type User = typeof users.$inferSelect;
