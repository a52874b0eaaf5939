import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  id,
  newId,
  tenantId,
  timestampColumn,
  updatedAt,
  version,
} from '../../core/db/columns.js';
import { memberships } from '../roles/roles.tables.js';

/** Every kind of notification the spec lists ("Notification Types"), plus team and system announcements. */
export const notificationKinds = [
  // Task notifications
  'task.assigned',
  'task.deadline',
  'task.overdue',
  'task.completed',
  'task.collaborative_update',
  'task.mentioned',
  // Opportunity alerts
  'opportunity.stage_changed',
  'opportunity.high_value',
  'opportunity.deadline_approaching',
  'opportunity.probability_changed',
  // Performance notifications
  'goal.achieved',
  'goal.milestone',
  'goal.ranking',
  'performance.weekly_summary',
  // System notifications
  'system.maintenance',
  'system.feature',
  'system.security',
  'import.completed',
  // Reminders and announcements
  'customer.interaction_reminder',
  'team.announcement',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationChannels = ['in_app', 'push', 'email', 'slack', 'teams'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** One thing one person is told; `dedupeKey` makes telling it twice (a redelivered event) a no-op. */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Where it leads in the dashboard (a path such as /tasks/<id>). */
    link: text('link'),
    /** The record it is about, for hiding it when that record is no longer visible. */
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    readAt: timestampColumn('read_at'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'notifications_user_fk',
    }),
    uniqueIndex('notifications_dedupe_unique').on(table.tenantId, table.userId, table.dedupeKey),
    index('notifications_inbox_idx').on(table.tenantId, table.userId, table.createdAt, table.id),
    index('notifications_unread_idx')
      .on(table.tenantId, table.userId)
      .where(sql`read_at is null`),
  ],
);

export const deliveryStatuses = ['pending', 'sent', 'skipped', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * The delivery log: one row per notification per channel, with why it was skipped (preferences, quiet
 * hours, no subscription, channel not connected) or how it failed. `dead` rows are the dead-letter list.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    tenantId: tenantId(),
    id: id(),
    notificationId: uuid('notification_id').notNull(),
    userId: uuid('user_id').notNull(),
    channel: text('channel', { enum: notificationChannels }).notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    /** Why it was skipped, or the last error. */
    detail: text('detail').notNull().default(''),
    attempts: integer('attempts').notNull().default(0),
    /** Quiet hours hold a delivery until this time. */
    notBefore: timestampColumn('not_before'),
    deliveredAt: timestampColumn('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.notificationId],
      foreignColumns: [notifications.tenantId, notifications.id],
      name: 'notification_deliveries_notification_fk',
    }).onDelete('cascade'),
    // The idempotency key: one delivery per notification per channel.
    uniqueIndex('notification_deliveries_unique').on(table.tenantId, table.notificationId, table.channel),
    index('notification_deliveries_user_idx').on(table.tenantId, table.userId, table.createdAt),
    index('notification_deliveries_dead_idx')
      .on(table.tenantId, table.createdAt)
      .where(sql`status = 'dead'`),
    check(
      'notification_deliveries_status_check',
      sql`${table.status} in ('pending', 'sent', 'skipped', 'failed', 'dead')`,
    ),
  ],
);

export const emailDigests = ['none', 'daily', 'weekly'] as const;
export type EmailDigest = (typeof emailDigests)[number];

/**
 * The spec's `NotificationPreferences` for one member, plus the per kind x channel switches
 * (`channels`: kind -> channel -> on/off, only the ones the member changed) and their timezone.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    taskAssignments: boolean('task_assignments').notNull().default(true),
    taskDeadlines: boolean('task_deadlines').notNull().default(true),
    opportunityUpdates: boolean('opportunity_updates').notNull().default(true),
    goalAlerts: boolean('goal_alerts').notNull().default(true),
    systemAnnouncements: boolean('system_announcements').notNull().default(true),
    emailDigest: text('email_digest', { enum: emailDigests }).notNull().default('none'),
    quietHoursEnabled: boolean('quiet_hours_enabled').notNull().default(false),
    /** HH:MM in `timezone`; a start after the end spans midnight. */
    quietHoursStart: text('quiet_hours_start').notNull().default('22:00'),
    quietHoursEnd: text('quiet_hours_end').notNull().default('07:00'),
    /** IANA timezone name. */
    timezone: text('timezone').notNull().default('UTC'),
    channels: jsonb('channels').$type<Record<string, Record<string, boolean>>>().notNull().default({}),
    /** When the last digest went out (digests never repeat a notification). */
    lastDigestAt: timestampColumn('last_digest_at'),
    version: version(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.userId] }),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'notification_preferences_user_fk',
    }),
    check('notification_preferences_digest_check', sql`${table.emailDigest} in ('none', 'daily', 'weekly')`),
    check(
      'notification_preferences_quiet_hours_check',
      sql`${table.quietHoursStart} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${table.quietHoursEnd} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
  ],
);

/** A browser's Web Push subscription (RFC 8030) for one member. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    lastUsedAt: timestampColumn('last_used_at'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'push_subscriptions_user_fk',
    }).onDelete('cascade'),
    uniqueIndex('push_subscriptions_endpoint_unique').on(table.tenantId, table.endpoint),
    index('push_subscriptions_user_idx').on(table.tenantId, table.userId),
  ],
);

export const systemAnnouncementKinds = ['maintenance', 'feature', 'security'] as const;
export type SystemAnnouncementKind = (typeof systemAnnouncementKinds)[number];

/**
 * An announcement from the platform to every organization (maintenance, a feature, security). Not
 * tenant-owned: a job fans it out as notifications, organization by organization. Team announcements
 * from managers are notifications of kind `team.announcement` written directly.
 */
export const systemAnnouncements = pgTable(
  'system_announcements',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    kind: text('kind', { enum: systemAnnouncementKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** For maintenance: when it starts and ends. */
    startsAt: timestampColumn('starts_at'),
    endsAt: timestampColumn('ends_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (table) => [
    check('system_announcements_kind_check', sql`${table.kind} in ('maintenance', 'feature', 'security')`),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type NotificationPreferencesRow = typeof notificationPreferences.$inferSelect;
export type PushSubscription = typeof pushSubscriptions.$inferSelect;
export type SystemAnnouncement = typeof systemAnnouncements.$inferSelect;
