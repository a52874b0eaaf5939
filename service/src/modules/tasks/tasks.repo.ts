import { and, asc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { visibleWhere as opportunityVisibleWhere } from '../opportunities/opportunities.policy.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { teams } from '../teams/teams.tables.js';
import { changeableWhere, taskAudience, visibleWhere } from './tasks.policy.js';
import type { TaskListFilter } from './tasks.schema.js';
import {
  builtInTaskCategories,
  taskAssignees,
  taskCategories,
  taskComments,
  taskDependencies,
  tasks,
  taskSettings,
  taskStatusChanges,
  taskTimeEntries,
  taskWatchers,
  type Task as TaskTable,
  type TaskStatus,
} from './tasks.tables.js';

/** A task as read (its search vector never is). */
export type Task = Omit<TaskTable, 'search'>;

// A search vector is never read back.
const { search: _search, ...columns } = getTableColumns(tasks);

/** Who does, follows and blocks a task, and the time spent on it. */
export interface TaskRelations {
  assigneeIds: string[];
  watcherIds: string[];
  blockedBy: string[];
  trackedMinutes: number;
}

export type ListFilter = Omit<TaskListFilter, 'cursor' | 'deleted'> & {
  /** Keyset: the due time (ISO, or 'infinity') and id of the last row of the previous page. */
  after?: [string, string] | undefined;
  trash: boolean;
};

const dueKey = sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`;

/** The filter conditions of a task list (also its count). */
function listConditions(actor: Actor, filter: Omit<ListFilter, 'limit' | 'after'>): (SQL | undefined)[] {
  const assignedTo = (userId: string) =>
    sql`exists (select 1 from task_assignees a where a.tenant_id = ${tasks.tenantId} and a.task_id = ${tasks.id} and a.user_id = ${userId})`;
  return [
    visibleWhere(actor, { trash: filter.trash }),
    filter.status ? eq(tasks.status, filter.status) : undefined,
    filter.priority ? eq(tasks.priority, filter.priority) : undefined,
    filter.category ? eq(tasks.category, filter.category) : undefined,
    filter.assigneeId ? assignedTo(filter.assigneeId) : undefined,
    filter.mine ? assignedTo(actor.userId) : undefined,
    filter.dueBefore ? sql`${tasks.dueAt} < ${filter.dueBefore.toISOString()}` : undefined,
    filter.dueAfter ? sql`${tasks.dueAt} >= ${filter.dueAfter.toISOString()}` : undefined,
    filter.overdue ? sql`${tasks.dueAt} < now() and ${tasks.status} not in ('done', 'cancelled')` : undefined,
    filter.customerId ? eq(tasks.customerId, filter.customerId) : undefined,
    filter.opportunityId ? eq(tasks.opportunityId, filter.opportunityId) : undefined,
    filter.q ? sql`${tasks.search} @@ plainto_tsquery('simple', ${filter.q})` : undefined,
  ];
}

/** A page of visible tasks, soonest due first, undated last (reads `limit + 1` rows). */
export function listVisible(tx: Tx, actor: Actor, filter: ListFilter): Promise<Task[]> {
  const conditions = [
    ...listConditions(actor, filter),
    filter.after
      ? sql`(${dueKey}, ${tasks.id}) > (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`
      : undefined,
  ];
  return tx
    .select(columns)
    .from(tasks)
    .where(and(...conditions))
    .orderBy(dueKey, asc(tasks.id))
    .limit(filter.limit + 1);
}

/** How many visible tasks match (the same conditions as the list). */
export async function countVisible(tx: Tx, actor: Actor, filter: Omit<ListFilter, 'limit' | 'after'>) {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(...listConditions(actor, filter)));
  return row?.count ?? 0;
}

/** The task when the actor may see it, and whether they may change it; undefined when they may not see it. */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<(Task & { changeable: boolean }) | undefined> {
  const changeable = sql<boolean>`${changeableWhere(actor)}`.as('changeable');
  const query = tx
    .select({ ...columns, changeable })
    .from(tasks)
    .where(and(eq(tasks.id, id), visibleWhere(actor, { trash: options.trash ?? false })))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: tasks }) : query);
  return row;
}

export async function findById(tx: Tx, id: string): Promise<Task | undefined> {
  const [row] = await tx.select(columns).from(tasks).where(eq(tasks.id, id)).limit(1);
  return row;
}

export async function relationsOf(tx: Tx, ids: string[]): Promise<Map<string, TaskRelations>> {
  const result = new Map<string, TaskRelations>(
    ids.map((id) => [id, { assigneeIds: [], watcherIds: [], blockedBy: [], trackedMinutes: 0 }]),
  );
  if (!ids.length) return result;
  const [assignees, watchers, dependencies, time] = [
    await tx
      .select({ taskId: taskAssignees.taskId, userId: taskAssignees.userId })
      .from(taskAssignees)
      .where(inArray(taskAssignees.taskId, ids))
      .orderBy(taskAssignees.assignedAt, taskAssignees.userId),
    await tx
      .select({ taskId: taskWatchers.taskId, userId: taskWatchers.userId })
      .from(taskWatchers)
      .where(inArray(taskWatchers.taskId, ids))
      .orderBy(taskWatchers.createdAt, taskWatchers.userId),
    await tx
      .select({ taskId: taskDependencies.taskId, blockedById: taskDependencies.blockedById })
      .from(taskDependencies)
      .where(inArray(taskDependencies.taskId, ids))
      .orderBy(taskDependencies.createdAt, taskDependencies.blockedById),
    await tx
      .select({
        taskId: taskTimeEntries.taskId,
        minutes: sql<number>`coalesce(sum(${taskTimeEntries.minutes}), 0)::int`,
      })
      .from(taskTimeEntries)
      .where(inArray(taskTimeEntries.taskId, ids))
      .groupBy(taskTimeEntries.taskId),
  ];
  for (const row of assignees) result.get(row.taskId)!.assigneeIds.push(row.userId);
  for (const row of watchers) result.get(row.taskId)!.watcherIds.push(row.userId);
  for (const row of dependencies) result.get(row.taskId)!.blockedBy.push(row.blockedById);
  for (const row of time) result.get(row.taskId)!.trackedMinutes = row.minutes;
  return result;
}

export async function insertTask(tx: Tx, values: typeof tasks.$inferInsert): Promise<Task> {
  const [row] = await tx.insert(tasks).values(values).returning(columns);
  return row as Task;
}

/** Applies a change when `version` is current; undefined when stale. */
export function updateTask(
  tx: Tx,
  key: { id: string; version: number },
  set: Partial<typeof tasks.$inferInsert>,
): Promise<Task | undefined> {
  return updateVersioned(tx, tasks, key, set);
}

export async function replaceAssignees(
  tx: Tx,
  input: { tenantId: string; taskId: string; userIds: string[]; assignedBy: string },
): Promise<void> {
  const { tenantId, taskId, userIds, assignedBy } = input;
  await tx
    .delete(taskAssignees)
    .where(
      and(
        eq(taskAssignees.taskId, taskId),
        userIds.length ? sql`${taskAssignees.userId} <> all(${pgUuids(userIds)})` : undefined,
      ),
    );
  if (userIds.length)
    await tx
      .insert(taskAssignees)
      .values(userIds.map((userId) => ({ tenantId, taskId, userId, assignedBy })))
      .onConflictDoNothing();
}

export async function replaceWatchers(
  tx: Tx,
  input: { tenantId: string; taskId: string; userIds: string[] },
): Promise<void> {
  const { tenantId, taskId, userIds } = input;
  await tx.delete(taskWatchers).where(eq(taskWatchers.taskId, taskId));
  if (userIds.length)
    await tx.insert(taskWatchers).values(userIds.map((userId) => ({ tenantId, taskId, userId })));
}

export async function replaceDependencies(
  tx: Tx,
  input: { tenantId: string; taskId: string; blockedBy: string[] },
): Promise<void> {
  const { tenantId, taskId, blockedBy } = input;
  await tx.delete(taskDependencies).where(eq(taskDependencies.taskId, taskId));
  if (blockedBy.length)
    await tx
      .insert(taskDependencies)
      .values(blockedBy.map((blockedById) => ({ tenantId, taskId, blockedById })));
}

/** A uuid[] parameter. */
export function pgUuids(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Of `ids`, the active members of the organization, with whether each is in the actor's record scope
 * (a rep: themselves; a manager: their teams' members; an Org Admin: everyone).
 */
export async function membersAmong(
  tx: Tx,
  actor: Actor,
  ids: string[],
): Promise<Map<string, { inScope: boolean }>> {
  if (!ids.length) return new Map();
  const scope = userInScope(actor, sql`m.user_id`) ?? sql`true`;
  const rows = await queryRows<{ user_id: string; in_scope: boolean }>(
    tx,
    sql`select m.user_id, ${scope} as in_scope from memberships m
      where m.user_id = any(${pgUuids(ids)}) and m.status = 'active'`,
  );
  return new Map(rows.map((row) => [row.user_id, { inScope: row.in_scope }]));
}

/** Of `ids`, the tasks the actor sees (live). */
export async function visibleTaskIds(tx: Tx, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(inArray(tasks.id, ids), visibleWhere(actor)));
  return new Set(rows.map((row) => row.id));
}

/**
 * A path of dependencies from `from` back to `to` (ids, `from` first), if making `to` depend on `from`
 * would close a cycle; undefined otherwise. Follows every dependency of the organization, seen or not.
 */
export async function dependencyPath(tx: Tx, from: string, to: string): Promise<string[] | undefined> {
  const [row] = await queryRows<{ path: string[] }>(
    tx,
    sql`with recursive chain(task_id, path) as (
        select ${from}::uuid, array[${from}::uuid]
        union all
        select d.blocked_by_id, chain.path || d.blocked_by_id
        from chain join task_dependencies d on d.task_id = chain.task_id
        where not d.blocked_by_id = any(chain.path) and array_length(chain.path, 1) < 1000
      )
      select path::text[] as path from chain where task_id = ${to}::uuid limit 1`,
  );
  return row?.path;
}

/** The task's prerequisites that are neither done nor cancelled (deleted ones no longer block). */
export async function unfinishedPrerequisites(tx: Tx, taskId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select t.id from task_dependencies d join tasks t on t.tenant_id = d.tenant_id and t.id = d.blocked_by_id
      where d.task_id = ${taskId} and t.deleted_at is null and t.status not in ('done', 'cancelled')
      order by t.id`,
  );
  return rows.map((row) => row.id);
}

export async function findVisibleCustomer(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, id), customerVisibleWhere(actor)));
  return row;
}

export async function findVisibleOpportunity(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: opportunities.id, customerId: opportunities.customerId })
    .from(opportunities)
    .where(and(eq(opportunities.id, id), opportunityVisibleWhere(actor)));
  return row;
}

export async function teamExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, id));
  return Boolean(row);
}

/** Whether `key` is a built-in category or one of the organization's (not archived). */
export async function categoryExists(tx: Tx, key: string): Promise<boolean> {
  if ((builtInTaskCategories as readonly string[]).includes(key)) return true;
  const [row] = await tx
    .select({ id: taskCategories.id })
    .from(taskCategories)
    .where(and(eq(taskCategories.key, key), isNull(taskCategories.archivedAt)));
  return Boolean(row);
}

export function listCategories(tx: Tx) {
  return tx.select().from(taskCategories).orderBy(taskCategories.name, taskCategories.id);
}

export async function insertCategory(tx: Tx, values: typeof taskCategories.$inferInsert) {
  const [row] = await tx.insert(taskCategories).values(values).onConflictDoNothing().returning();
  return row;
}

export async function archiveCategory(tx: Tx, id: string) {
  const [row] = await tx
    .update(taskCategories)
    .set({ archivedAt: sql`coalesce(${taskCategories.archivedAt}, now())` })
    .where(eq(taskCategories.id, id))
    .returning();
  return row;
}

export async function recordStatusChange(
  tx: Tx,
  values: {
    tenantId: string;
    taskId: string;
    fromStatus: TaskStatus | null;
    toStatus: TaskStatus;
    changedBy: string | null;
  },
): Promise<void> {
  await tx.insert(taskStatusChanges).values(values);
}

export function statusHistory(tx: Tx, taskId: string) {
  return tx
    .select()
    .from(taskStatusChanges)
    .where(eq(taskStatusChanges.taskId, taskId))
    .orderBy(taskStatusChanges.changedAt, taskStatusChanges.id);
}

export function timeEntries(tx: Tx, taskId: string) {
  return tx
    .select()
    .from(taskTimeEntries)
    .where(eq(taskTimeEntries.taskId, taskId))
    .orderBy(taskTimeEntries.startedAt, taskTimeEntries.id);
}

/** Starts the user's timer on the task; undefined when one is already running. */
export async function startTimer(tx: Tx, values: { tenantId: string; taskId: string; userId: string }) {
  const [row] = await tx
    .insert(taskTimeEntries)
    .values({ ...values, source: 'timer', startedAt: new Date() })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Stops the user's running timer on the task; undefined when none runs. */
export async function stopTimer(tx: Tx, taskId: string, userId: string) {
  const [row] = await tx
    .update(taskTimeEntries)
    .set({
      endedAt: sql`now()`,
      minutes: sql`greatest(0, round(extract(epoch from (now() - ${taskTimeEntries.startedAt})) / 60))::int`,
    })
    .where(
      and(
        eq(taskTimeEntries.taskId, taskId),
        eq(taskTimeEntries.userId, userId),
        isNull(taskTimeEntries.endedAt),
      ),
    )
    .returning();
  return row;
}

export async function insertTimeEntry(tx: Tx, values: typeof taskTimeEntries.$inferInsert) {
  const [row] = await tx.insert(taskTimeEntries).values(values).returning();
  return row!;
}

export async function insertComment(tx: Tx, values: typeof taskComments.$inferInsert) {
  const [row] = await tx.insert(taskComments).values(values).returning();
  return row!;
}

/** A page of the task's comments, oldest first, `limit + 1` after the key (time, id). */
export function listComments(tx: Tx, taskId: string, limit: number, after?: [string, string]) {
  return tx
    .select()
    .from(taskComments)
    .where(
      and(
        eq(taskComments.taskId, taskId),
        after
          ? sql`(${taskComments.createdAt}, ${taskComments.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(taskComments.createdAt, taskComments.id)
    .limit(limit + 1);
}

/** Of `userIds`, those who may see the task now (its audience). */
export async function inAudience(tx: Tx, taskId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`select audience.user_id from ${taskAudience(taskId)} audience(user_id)
      where audience.user_id = any(${pgUuids(userIds)})`,
  );
  const allowed = new Set(rows.map((row) => row.user_id));
  return userIds.filter((id) => allowed.has(id));
}

export interface Settings {
  reminderOffsetsMinutes: number[];
  overdueEscalationMinutes: number;
  interactionReminderDays: number;
  version: number;
}

export const DEFAULT_SETTINGS: Settings = {
  reminderOffsetsMinutes: [1440, 60],
  overdueEscalationMinutes: 1440,
  interactionReminderDays: 14,
  version: 0,
};

/** The organization's task settings (the defaults, version 0, while never changed). */
export async function settings(tx: Tx, options: { forUpdate?: boolean } = {}): Promise<Settings> {
  const query = tx.select().from(taskSettings).limit(1);
  const [row] = await (options.forUpdate ? query.for('update') : query);
  if (!row) return DEFAULT_SETTINGS;
  return {
    reminderOffsetsMinutes: row.reminderOffsetsMinutes,
    overdueEscalationMinutes: row.overdueEscalationMinutes,
    interactionReminderDays: row.interactionReminderDays,
    version: row.version,
  };
}

/** Writes the settings when `version` is the current one (0: never written); false when stale. */
export async function saveSettings(
  tx: Tx,
  tenantId: string,
  version: number,
  values: Omit<Settings, 'version'>,
): Promise<boolean> {
  if (version === 0) {
    const rows = await tx
      .insert(taskSettings)
      .values({ tenantId, ...values, version: 1 })
      .onConflictDoNothing()
      .returning({ version: taskSettings.version });
    return rows.length === 1;
  }
  const rows = await tx
    .update(taskSettings)
    .set({ ...values, version: version + 1, updatedAt: new Date() })
    .where(and(eq(taskSettings.tenantId, tenantId), eq(taskSettings.version, version)))
    .returning({ version: taskSettings.version });
  return rows.length === 1;
}

/**
 * Brings the reminders of the tasks `which` selects (a condition on `tasks`) in line with their due
 * dates, offsets (the task's or the organization's) and status: one row per offset before the due date
 * (those already past are skipped), and the escalation (negative offset) after it. Unsent rows no longer
 * wanted go; sent ones stay (a reminder is not sent twice for one due date). `dueChanged` first drops
 * every row of those tasks, sent or not: a new due date is owed its reminders again.
 */
export async function syncReminders(
  tx: Tx,
  tenantId: string,
  which: SQL,
  options: { dueChanged?: boolean } = {},
): Promise<void> {
  const chosen = sql`(select t.id from tasks t where t.tenant_id = ${tenantId} and ${which})`;
  if (options.dueChanged)
    await tx.execute(
      sql`delete from task_reminders r where r.tenant_id = ${tenantId} and r.task_id in ${chosen}`,
    );
  const desired = sql`(select t.tenant_id, t.id as task_id, o.offset_minutes,
      t.due_at - make_interval(mins => o.offset_minutes) as remind_at
    from tasks t
    cross join (select coalesce((select s.reminder_offsets_minutes from task_settings s where s.tenant_id = ${tenantId}), '{1440,60}'::integer[]) as offsets,
      coalesce((select s.overdue_escalation_minutes from task_settings s where s.tenant_id = ${tenantId}), 1440) as escalation) settings
    cross join lateral unnest(coalesce(t.reminder_offsets_minutes, settings.offsets) || array[-settings.escalation]) o(offset_minutes)
    where t.tenant_id = ${tenantId} and ${which} and t.deleted_at is null and t.due_at is not null
      and t.status not in ('done', 'cancelled'))`;
  await tx.execute(sql`delete from task_reminders r
    where r.tenant_id = ${tenantId} and r.task_id in ${chosen} and r.sent_at is null
      and not exists (select 1 from ${desired} d where d.task_id = r.task_id and d.offset_minutes = r.offset_minutes)`);
  await tx.execute(sql`insert into task_reminders (tenant_id, task_id, offset_minutes, remind_at)
    select d.tenant_id, d.task_id, d.offset_minutes, d.remind_at from ${desired} d
    where d.offset_minutes < 0 or d.remind_at > now()
    on conflict do nothing`);
}

/** Tasks of a recurring series (any state), to find whether an occurrence exists already. */
export async function occurrenceExists(tx: Tx, seriesId: string, dueAt: Date): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from tasks t where (t.series_id = ${seriesId} or t.id = ${seriesId})
      and t.due_at = ${dueAt.toISOString()}::timestamptz limit 1`,
  );
  return rows.length > 0;
}

/** How many occurrences a recurring series has had (deleted ones included): what its COUNT counts. */
export async function seriesSize(tx: Tx, seriesId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from tasks t where t.id = ${seriesId} or t.series_id = ${seriesId}`,
  );
  return rows[0]?.n ?? 0;
}

/** Serializes work on one recurring series (completing an occurrence, the schedule creating the next). */
export async function lockSeries(tx: Tx, seriesId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`task-series:${seriesId}`}, 0))`);
}
