import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgColumn,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  id,
  softDelete,
  tenantId,
  timestampColumn,
  tsvector,
  updatedAt,
  version,
  importedFrom,
} from '../../core/db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';

/** The spec's five task categories; organizations add their own (`task_categories`). */
export const builtInTaskCategories = [
  'follow_up',
  'proposal',
  'client_meeting',
  'data_entry',
  'training',
] as const;
export const taskPriorities = ['critical', 'high', 'medium', 'low'] as const;
export const taskStatuses = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
/**
 * `private`: the assignees, the creator and the assignees' managers, nobody else (not even Org Admins).
 * `collaborative`: also the watchers, who may edit it, and whoever's record scope holds an assignee.
 * `team`: also the members of the task's team.
 */
export const taskVisibilities = ['private', 'collaborative', 'team'] as const;
export type TaskPriority = (typeof taskPriorities)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type TaskVisibility = (typeof taskVisibilities)[number];

/** A category an organization added to the built-in five. */
export const taskCategories = pgTable(
  'task_categories',
  {
    tenantId: tenantId(),
    id: id(),
    /** What tasks store in `category` (snake_case, unique in the organization). */
    key: text('key').notNull(),
    name: text('name').notNull(),
    archivedAt: timestampColumn('archived_at'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId],
      foreignColumns: [tenants.id],
      name: 'task_categories_tenant_fk',
    }),
    uniqueIndex('task_categories_key_unique').on(table.tenantId, table.key),
    check('task_categories_key_check', sql`${table.key} ~ '^[a-z][a-z0-9_]{0,39}$'`),
  ],
);

/** An organization's task defaults: the reminder offsets every task with a due date gets. */
export const taskSettings = pgTable(
  'task_settings',
  {
    tenantId: tenantId().primaryKey(),
    /** Minutes before the due date; the default is a day and an hour before. */
    reminderOffsetsMinutes: integer('reminder_offsets_minutes')
      .array()
      .notNull()
      .default(sql`'{1440,60}'::integer[]`),
    /** Minutes after the due date at which an open task is escalated to the assignees' managers. */
    overdueEscalationMinutes: integer('overdue_escalation_minutes').notNull().default(1440),
    /** Days without an interaction on an open deal before its owner is reminded. */
    interactionReminderDays: integer('interaction_reminder_days').notNull().default(14),
    version: version(),
    updatedAt: updatedAt(),
  },
  (table) => [
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'task_settings_tenant_fk' }),
  ],
);

/** A piece of work with a due date, for one or several people, maybe about a customer or a deal. */
export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId(),
    id: id(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** A built-in category or the key of one of the organization's `task_categories`. */
    category: text('category').notNull().default('follow_up'),
    priority: text('priority', { enum: taskPriorities }).notNull().default('medium'),
    status: text('status', { enum: taskStatuses }).notNull().default('todo'),
    visibility: text('visibility', { enum: taskVisibilities }).notNull().default('team'),
    /** For `team` visibility: whose members see it (null: the teams of the assignees). */
    teamId: uuid('team_id'),
    dueAt: timestampColumn('due_at'),
    /** Minutes before `dueAt` to remind; null takes the organization's default offsets. */
    reminderOffsetsMinutes: integer('reminder_offsets_minutes').array(),
    progress: integer('progress').notNull().default(0),
    estimateMinutes: integer('estimate_minutes'),
    customerId: uuid('customer_id'),
    opportunityId: uuid('opportunity_id'),
    /** RFC 5545 RRULE; completing an occurrence creates the next one. */
    recurrence: text('recurrence'),
    /** The first task of a recurring series (null for a one-off task or the first itself). */
    seriesId: uuid('series_id'),
    createdBy: uuid('created_by').notNull(),
    completedAt: timestampColumn('completed_at'),
    /** When the overdue task was escalated to the managers (once per due date). */
    escalatedAt: timestampColumn('escalated_at'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))`,
    ),
    ...importedFrom(),
    ...softDelete(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('tasks_external_id_idx')
      .on(table.tenantId, table.externalId)
      .where(sql`external_id is not null and deleted_at is null`),
    index('tasks_import_idx')
      .on(table.tenantId, table.importId, table.importLine)
      .where(sql`import_id is not null`),
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'tasks_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.createdBy],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'tasks_created_by_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.teamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'tasks_team_fk',
    }).onDelete('set null'),
    foreignKey({
      columns: [table.tenantId, table.customerId],
      foreignColumns: [customers.tenantId, customers.id],
      name: 'tasks_customer_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'tasks_opportunity_fk',
    }),
    index('tasks_due_idx')
      .on(table.tenantId, table.dueAt, table.id)
      .where(sql`deleted_at is null and status not in ('done', 'cancelled')`),
    index('tasks_created_by_idx').on(table.tenantId, table.createdBy),
    index('tasks_customer_idx').on(table.tenantId, table.customerId),
    index('tasks_opportunity_idx').on(table.tenantId, table.opportunityId),
    index('tasks_search_idx').using('gin', table.search),
    index('tasks_deleted_idx')
      .on(table.deletedAt)
      .where(sql`deleted_at is not null`),
    check('tasks_progress_check', sql`${table.progress} between 0 and 100`),
    check('tasks_estimate_check', sql`${table.estimateMinutes} is null or ${table.estimateMinutes} >= 0`),
    check('tasks_priority_check', sql`${table.priority} in ('critical', 'high', 'medium', 'low')`),
    check(
      'tasks_status_check',
      sql`${table.status} in ('todo', 'in_progress', 'blocked', 'done', 'cancelled')`,
    ),
    check('tasks_visibility_check', sql`${table.visibility} in ('private', 'collaborative', 'team')`),
  ],
);

const taskFk = (name: string, table: { tenantId: PgColumn; taskId: PgColumn }) =>
  foreignKey({
    columns: [table.tenantId, table.taskId],
    foreignColumns: [tasks.tenantId, tasks.id],
    name,
  }).onDelete('cascade');

/** Who does a task (one or several). */
export const taskAssignees = pgTable(
  'task_assignees',
  {
    tenantId: tenantId(),
    taskId: uuid('task_id').notNull(),
    userId: uuid('user_id').notNull(),
    assignedBy: uuid('assigned_by'),
    assignedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.taskId, table.userId] }),
    taskFk('task_assignees_task_fk', table),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'task_assignees_user_fk',
    }),
    index('task_assignees_user_idx').on(table.tenantId, table.userId, table.taskId),
  ],
);

/** Who follows a task without doing it (collaborative and team tasks). */
export const taskWatchers = pgTable(
  'task_watchers',
  {
    tenantId: tenantId(),
    taskId: uuid('task_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.taskId, table.userId] }),
    taskFk('task_watchers_task_fk', table),
    foreignKey({
      columns: [table.tenantId, table.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'task_watchers_user_fk',
    }),
    index('task_watchers_user_idx').on(table.tenantId, table.userId, table.taskId),
  ],
);

/** `taskId` cannot be completed before `blockedById` is done (no cycles: checked on write). */
export const taskDependencies = pgTable(
  'task_dependencies',
  {
    tenantId: tenantId(),
    taskId: uuid('task_id').notNull(),
    blockedById: uuid('blocked_by_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.taskId, table.blockedById] }),
    taskFk('task_dependencies_task_fk', table),
    foreignKey({
      columns: [table.tenantId, table.blockedById],
      foreignColumns: [tasks.tenantId, tasks.id],
      name: 'task_dependencies_blocked_by_fk',
    }).onDelete('cascade'),
    index('task_dependencies_blocked_by_idx').on(table.tenantId, table.blockedById),
    check('task_dependencies_self_check', sql`${table.taskId} <> ${table.blockedById}`),
  ],
);

/** Every status a task went through, who moved it and when. */
export const taskStatusChanges = pgTable(
  'task_status_changes',
  {
    tenantId: tenantId(),
    id: id(),
    taskId: uuid('task_id').notNull(),
    fromStatus: text('from_status', { enum: taskStatuses }),
    toStatus: text('to_status', { enum: taskStatuses }).notNull(),
    changedBy: uuid('changed_by'),
    changedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    taskFk('task_status_changes_task_fk', table),
    index('task_status_changes_task_idx').on(table.tenantId, table.taskId, table.changedAt),
  ],
);

/** A comment on a task; `mentions` are the users it @mentions (notified when they may see the task). */
export const taskComments = pgTable(
  'task_comments',
  {
    tenantId: tenantId(),
    id: id(),
    taskId: uuid('task_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    taskFk('task_comments_task_fk', table),
    index('task_comments_task_idx').on(table.tenantId, table.taskId, table.createdAt),
  ],
);

export const timeEntrySources = ['timer', 'manual'] as const;

/** Time spent on a task: a running timer (no `endedAt` yet) or a manual entry. */
export const taskTimeEntries = pgTable(
  'task_time_entries',
  {
    tenantId: tenantId(),
    id: id(),
    taskId: uuid('task_id').notNull(),
    userId: uuid('user_id').notNull(),
    source: text('source', { enum: timeEntrySources }).notNull(),
    startedAt: timestampColumn('started_at').notNull(),
    endedAt: timestampColumn('ended_at'),
    /** Set when the entry ends (timer stopped) or for manual entries. */
    minutes: integer('minutes'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    taskFk('task_time_entries_task_fk', table),
    index('task_time_entries_task_idx').on(table.tenantId, table.taskId, table.startedAt),
    // One running timer per person per task.
    uniqueIndex('task_time_entries_running_unique')
      .on(table.tenantId, table.taskId, table.userId)
      .where(sql`ended_at is null`),
    check('task_time_entries_minutes_check', sql`${table.minutes} is null or ${table.minutes} >= 0`),
    check('task_time_entries_source_check', sql`${table.source} in ('timer', 'manual')`),
  ],
);

/**
 * The reminders a task with a due date is owed, one per offset, written whenever the due date or the
 * offsets change. The reminder job claims due rows (`sent_at`) across organizations, so two schedulers
 * never send one twice.
 */
export const taskReminders = pgTable(
  'task_reminders',
  {
    tenantId: tenantId(),
    taskId: uuid('task_id').notNull(),
    offsetMinutes: integer('offset_minutes').notNull(),
    remindAt: timestampColumn('remind_at').notNull(),
    sentAt: timestampColumn('sent_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.taskId, table.offsetMinutes] }),
    taskFk('task_reminders_task_fk', table),
    index('task_reminders_due_idx')
      .on(table.remindAt)
      .where(sql`sent_at is null`),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type TaskComment = typeof taskComments.$inferSelect;
export type TaskTimeEntry = typeof taskTimeEntries.$inferSelect;
export type TaskStatusChange = typeof taskStatusChanges.$inferSelect;
