import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { taskPriorities, taskStatuses, taskVisibilities } from './tasks.tables.js';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time, like 2026-03-01T14:30:00Z' })
  .transform((value) => new Date(value));

const idList = (what: string, max = 50) =>
  z
    .array(z.uuid(`must be a ${what} id`))
    .max(max)
    .transform((ids) => [...new Set(ids)]);

/** Minutes before the due date, each a reminder (0: at the due time); at most 10, at most a year ahead. */
export const reminderOffsets = z
  .array(z.number().int().min(0).max(525_600))
  .max(10)
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a));

const categoryKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a category key: lower case letters, digits and _');

const fields = {
  title: singleLineText({ max: 300 }),
  description: multiLineText({ max: 20_000 }),
  category: categoryKey.describe(
    'follow_up, proposal, client_meeting, data_entry, training, or the key of one of your organization’s categories',
  ),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  visibility: z
    .enum(taskVisibilities)
    .describe('private and collaborative need tasks.create_all_types; team by default'),
  teamId: z.uuid('must be a team id').nullable().describe('For team visibility: whose members see it'),
  dueAt: isoTime.nullable().describe('When it is due (ISO 8601 with an offset)'),
  reminderOffsetsMinutes: reminderOffsets
    .nullable()
    .describe('Minutes before the due date to remind; null: the organization’s default'),
  progress: z.number().int().min(0).max(100),
  estimateMinutes: z.number().int().min(0).max(1_000_000).nullable(),
  customerId: z.uuid('must be a customer id').nullable(),
  opportunityId: z.uuid('must be an opportunity id').nullable(),
  recurrence: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .describe('An RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=MO"); completing an occurrence creates the next'),
  assigneeIds: idList('user')
    .pipe(z.array(z.string()).min(1, 'must name at least one assignee'))
    .describe('Who does it; you when not given. Others need team.assign_tasks (your teams) or an Org Admin'),
  watcherIds: idList('user').describe('Who follows it (not on private tasks)'),
  blockedBy: idList('task').describe('Tasks that must be done first (no cycles)'),
};

type Nullable<T> = T | null | undefined;

/** What `createTask` takes besides the actor and transaction. */
export interface CreateTaskInput {
  title: string;
  description?: string | undefined;
  category?: string | undefined;
  priority?: (typeof taskPriorities)[number] | undefined;
  status?: (typeof taskStatuses)[number] | undefined;
  visibility?: (typeof taskVisibilities)[number] | undefined;
  teamId?: Nullable<string>;
  dueAt?: Nullable<Date>;
  reminderOffsetsMinutes?: Nullable<number[]>;
  progress?: number | undefined;
  estimateMinutes?: Nullable<number>;
  customerId?: Nullable<string>;
  opportunityId?: Nullable<string>;
  recurrence?: Nullable<string>;
  assigneeIds?: string[] | undefined;
  watcherIds?: string[] | undefined;
  blockedBy?: string[] | undefined;
}

export type UpdateTaskInput = Partial<CreateTaskInput> & { version: number };

const optionalFields = Object.fromEntries(
  Object.entries(fields).map(([key, schema]) => [key, schema.optional()]),
) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> };

export const CreateTaskBody = z.strictObject({
  ...optionalFields,
  title: fields.title,
}) as unknown as z.ZodType<CreateTaskInput>;

export const UpdateTaskBody = z.strictObject({
  version: versionField,
  ...optionalFields,
}) as unknown as z.ZodType<UpdateTaskInput>;

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

const listShape = {
  status: z.enum(taskStatuses).optional(),
  priority: z.enum(taskPriorities).optional(),
  category: categoryKey.optional(),
  assigneeId: z.uuid().optional(),
  mine: flag.describe('true: only tasks assigned to you'),
  dueBefore: isoTime.optional().describe('Due before this time'),
  dueAfter: isoTime.optional().describe('Due at or after this time'),
  overdue: flag.describe('true: open tasks past their due date'),
  customerId: z.uuid().optional(),
  opportunityId: z.uuid().optional(),
  q: singleLineText({ max: 200 }).optional().describe('Words of the title or description'),
  deleted: flag.describe('true: the trash (deleted in the last 30 days) instead of live tasks'),
};

export const TaskListQuery = queryObject({ ...pageQuery, ...listShape });
export type TaskListFilter = z.output<typeof TaskListQuery>;
export const TaskCountQuery = queryObject(listShape);
export type TaskCountFilter = z.output<typeof TaskCountQuery>;

export const TaskOut = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    priority: z.enum(taskPriorities),
    status: z.enum(taskStatuses),
    visibility: z.enum(taskVisibilities),
    teamId: z.uuid().nullable(),
    dueAt: z.string().nullable(),
    reminderOffsetsMinutes: z.array(z.number().int()).nullable(),
    progress: z.number().int(),
    estimateMinutes: z.number().int().nullable(),
    trackedMinutes: z.number().int().describe('Minutes of finished time entries'),
    customerId: z.uuid().nullable(),
    opportunityId: z.uuid().nullable(),
    recurrence: z.string().nullable(),
    seriesId: z.uuid().nullable(),
    createdBy: z.uuid(),
    assigneeIds: z.array(z.uuid()),
    watcherIds: z.array(z.uuid()),
    blockedBy: z.array(z.uuid()),
    completedAt: z.string().nullable(),
    deletedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Task' });

export const TimeEntryOut = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    userId: z.uuid(),
    source: z.enum(['timer', 'manual']),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    minutes: z.number().int().nullable(),
    note: z.string(),
  })
  .meta({ id: 'TaskTimeEntry' });

export const StatusChangeOut = z
  .object({
    fromStatus: z.enum(taskStatuses).nullable(),
    toStatus: z.enum(taskStatuses),
    changedBy: z.uuid().nullable(),
    changedAt: z.string(),
  })
  .meta({ id: 'TaskStatusChange' });

export const TaskDetailOut = TaskOut.extend({
  statusHistory: z.array(StatusChangeOut).describe('Oldest first'),
  timeEntries: z.array(TimeEntryOut).describe('Oldest first'),
}).meta({ id: 'TaskDetail' });

export const CommentBody = z.strictObject({
  body: multiLineText({ max: 10_000 }).pipe(z.string().min(1, 'is required')),
  mentionIds: idList('user')
    .optional()
    .describe(
      'Users to notify, besides @[Name](userId) tokens in the body; only those who may see the task are',
    ),
});

export const CommentOut = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    authorId: z.uuid(),
    body: z.string(),
    mentionIds: z.array(z.uuid()),
    createdAt: z.string(),
  })
  .meta({ id: 'TaskComment' });

export const CommentListQuery = queryObject({ ...pageQuery });

export const TimeEntryBody = z.strictObject({
  minutes: z.number().int().min(1).max(100_000),
  startedAt: isoTime.optional().describe('When the work started; now minus `minutes` when not given'),
  note: singleLineText({ max: 500, min: 0 }).optional(),
});

export const TaskCategoryBody = z.strictObject({
  key: categoryKey,
  name: singleLineText({ max: 100 }),
});

export const TaskCategoryOut = z
  .object({
    id: z.uuid().nullable().describe('null for the five built-in categories'),
    key: z.string(),
    name: z.string(),
    builtIn: z.boolean(),
    archivedAt: z.string().nullable(),
  })
  .meta({ id: 'TaskCategory' });

export const TaskSettingsBody = z.strictObject({
  version: z.number().int().min(0).describe('The version you read (0 while the defaults were never changed)'),
  reminderOffsetsMinutes: reminderOffsets.optional(),
  overdueEscalationMinutes: z.number().int().min(1).max(525_600).optional(),
  interactionReminderDays: z.number().int().min(1).max(365).optional(),
});

export const TaskSettingsOut = z
  .object({
    reminderOffsetsMinutes: z.array(z.number().int()),
    overdueEscalationMinutes: z.number().int(),
    interactionReminderDays: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'TaskSettings' });
