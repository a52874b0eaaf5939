import { sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { emitEvent } from '../../core/events/events.js';
import { recordChange } from '../../core/events/record-change.js';
import { AppError, type FieldError } from '../../core/errors/app-error.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import { holdsAny, type TenantActor } from '../../core/identity/actor.js';
import { recordScopeOf } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { ASSIGN_OTHERS, CREATE_ALL_TYPES, TASK_PERMISSIONS } from './tasks.policy.js';
import { presentTask } from './tasks.presenter.js';
import { nextOccurrence, recurrenceError } from './tasks.recurrence.js';
import * as repo from './tasks.repo.js';
import type { CreateTaskInput, TaskCountFilter, TaskListFilter, UpdateTaskInput } from './tasks.schema.js';
import type { tasks } from './tasks.tables.js';
import { builtInTaskCategories } from './tasks.tables.js';
import { assertAllowed } from '../../core/identity/policy.js';

type Task = repo.Task;

type Command = CommandInput;

/** A task with who does, follows and blocks it: what every task command returns. */
export interface TaskWithRelations {
  task: Task;
  relations: repo.TaskRelations;
}

export interface TaskPage {
  items: TaskWithRelations[];
  nextCursor: string | null;
}

export async function withRelations(tx: Tx, task: Task): Promise<TaskWithRelations> {
  return { task, relations: (await repo.relationsOf(tx, [task.id])).get(task.id)! };
}

/** What a command just wrote (even when the change took it out of the actor's sight). */
async function written(tx: Tx, taskId: string): Promise<TaskWithRelations> {
  return withRelations(tx, (await repo.findById(tx, taskId))!);
}

/** A task the actor may see; 404 otherwise. With `change`, one they may change (403 if not). */
async function visibleTask(
  tx: Tx,
  actor: TenantActor,
  id: string,
  options: { trash?: boolean; change?: boolean } = {},
): Promise<Task> {
  const task = await repo.findVisible(tx, actor, id, { ...options, forUpdate: options.change });
  if (!task) throw AppError.notFound('Task');
  if (options.change && !task.changeable) {
    throw AppError.forbidden(
      'Only its creator, assignees, watchers (collaborative) or their managers may change this task',
    );
  }
  const { changeable: _changeable, ...row } = task;
  return row;
}

/**
 * What every task event carries (notifications and realtime read these keys): who may be concerned is
 * in it, the rest they read from the task.
 */
export function taskPayload({ task, relations }: TaskWithRelations): Record<string, unknown> {
  return {
    taskId: task.id,
    title: task.title,
    visibility: task.visibility,
    priority: task.priority,
    status: task.status,
    dueAt: task.dueAt?.toISOString() ?? null,
    createdBy: task.createdBy,
    assigneeIds: relations.assigneeIds,
    watcherIds: relations.watcherIds,
    customerId: task.customerId,
    opportunityId: task.opportunityId,
  };
}

export async function listTasks({
  actor,
  tx,
  cursor,
  deleted,
  ...filter
}: Command & TaskListFilter): Promise<TaskPage> {
  let after: [string, string] | undefined;
  if (cursor !== undefined) {
    after = decodeCursor(cursor, 2) as [string, string];
    const [due, id] = after;
    if (
      typeof due !== 'string' ||
      typeof id !== 'string' ||
      (due !== 'infinity' && Number.isNaN(Date.parse(due))) ||
      !/^[0-9a-f-]{36}$/.test(id)
    )
      throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  }
  const rows = await repo.listVisible(tx, actor, { ...filter, after, trash: deleted });
  const page = pageFrom(rows, filter.limit, (row) => [row.dueAt?.toISOString() ?? 'infinity', row.id]);
  const relations = await repo.relationsOf(
    tx,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((task) => ({ task, relations: relations.get(task.id)! })),
    nextCursor: page.nextCursor,
  };
}

/** How many tasks the actor sees that match the list's filters. */
export async function countTasks({
  actor,
  tx,
  deleted,
  ...filter
}: Command & TaskCountFilter): Promise<number> {
  return repo.countVisible(tx, actor, { ...filter, trash: deleted });
}

export async function getTask({ actor, tx, taskId }: Command & { taskId: string }) {
  const task = await withRelations(tx, await visibleTask(tx, actor, taskId));
  return {
    ...task,
    statusHistory: await repo.statusHistory(tx, taskId),
    timeEntries: await repo.timeEntries(tx, taskId),
  };
}

type Checked = Pick<CreateTaskInput, Exclude<keyof CreateTaskInput, 'title'>>;

/**
 * Checks what a task refers to and who it names, and settles its customer (an opportunity alone gives
 * its customer). `current` is the task being changed: what it already holds is not checked again.
 */
async function checkInput(
  tx: Tx,
  actor: TenantActor,
  input: Checked,
  current?: { task: Task; relations: repo.TaskRelations },
): Promise<{ customerId: string | null; opportunityId: string | null }> {
  const errors: FieldError[] = [];
  const task = current?.task;
  const visibility = input.visibility ?? task?.visibility ?? 'team';
  // Making a task private or collaborative, or opening one that is, is for tasks.create_all_types: an
  // assignee cannot show their manager's private task to the team.
  const from = task?.visibility ?? 'team';
  if (
    input.visibility !== undefined &&
    input.visibility !== from &&
    (input.visibility !== 'team' || from !== 'team') &&
    !holdsAny(actor, CREATE_ALL_TYPES)
  )
    throw AppError.forbidden(
      `${input.visibility === 'team' ? from : input.visibility} tasks need the permission tasks.create_all_types`,
    );
  if (input.category !== undefined && input.category !== task?.category) {
    if (!(await repo.categoryExists(tx, input.category)))
      errors.push({
        path: 'body.category',
        message: `must be one of ${builtInTaskCategories.join(', ')} or a category of your organization`,
      });
  }
  if (input.teamId && input.teamId !== task?.teamId && !(await repo.teamExists(tx, input.teamId)))
    errors.push({ path: 'body.teamId', message: 'no such team' });
  // Customer and opportunity: ones the actor sees; the opportunity at that customer.
  let customerId = input.customerId === undefined ? (task?.customerId ?? null) : input.customerId;
  const opportunityId =
    input.opportunityId === undefined ? (task?.opportunityId ?? null) : input.opportunityId;
  if (input.customerId && input.customerId !== task?.customerId) {
    if (!(await repo.findVisibleCustomer(tx, actor, input.customerId)))
      errors.push({ path: 'body.customerId', message: 'no such customer' });
  }
  if (input.opportunityId && input.opportunityId !== task?.opportunityId) {
    const opportunity = await repo.findVisibleOpportunity(tx, actor, input.opportunityId);
    if (!opportunity) errors.push({ path: 'body.opportunityId', message: 'no such opportunity' });
    else if (input.customerId === undefined && !customerId) customerId = opportunity.customerId;
    else if (customerId && opportunity.customerId !== customerId)
      errors.push({ path: 'body.opportunityId', message: 'belongs to another customer' });
  }
  errors.push(...(await peopleErrors(tx, actor, input, visibility, current?.relations)));
  errors.push(...(await dependencyErrors(tx, actor, input.blockedBy, task?.id)));
  const dueAt = input.dueAt === undefined ? (task?.dueAt ?? null) : input.dueAt;
  const recurrence = input.recurrence === undefined ? (task?.recurrence ?? null) : input.recurrence;
  if (recurrence && (input.recurrence !== undefined || input.dueAt !== undefined)) {
    if (!dueAt) errors.push({ path: 'body.recurrence', message: 'needs a due date (dueAt)' });
    else {
      const error = await recurrenceError(recurrence, dueAt, 'body.recurrence');
      if (error) errors.push(error);
    }
  }
  if (errors.length) throw AppError.validation(errors);
  return { customerId, opportunityId };
}

/**
 * Assignees: active members; others than oneself only with ASSIGN_OTHERS and in one's record scope (a
 * manager's teams, an Org Admin's organization). Watchers: active members, never on a private task.
 * Only those added are checked: a manager may keep an assignee an Org Admin gave the task.
 */
async function peopleErrors(
  tx: Tx,
  actor: TenantActor,
  input: Checked,
  visibility: string,
  current?: repo.TaskRelations,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const assigneeIds = input.assigneeIds ?? [];
  const watcherIds = input.watcherIds ?? [];
  const members = await repo.membersAmong(tx, actor, [...assigneeIds, ...watcherIds]);
  const mayAssignOthers = holdsAny(actor, ASSIGN_OTHERS);
  assigneeIds.forEach((id, index) => {
    if (current?.assigneeIds.includes(id)) return;
    const path = `body.assigneeIds.${index}`;
    const member = members.get(id);
    if (!member) errors.push({ path, message: 'is not an active member of this organization' });
    else if (id !== actor.userId && (!mayAssignOthers || !member.inScope))
      errors.push({
        path,
        message:
          !mayAssignOthers || recordScopeOf(actor) === 'own'
            ? 'you can only assign tasks to yourself'
            : 'you can only assign tasks to members of the teams you manage',
      });
  });
  const watchers = input.watcherIds ?? current?.watcherIds ?? [];
  if (visibility === 'private' && watchers.length)
    errors.push({
      path: 'body.watcherIds',
      message: 'a private task has no watchers (only its assignees, creator and their managers see it)',
    });
  else
    watcherIds.forEach((id, index) => {
      if (!current?.watcherIds.includes(id) && !members.has(id))
        errors.push({
          path: `body.watcherIds.${index}`,
          message: 'is not an active member of this organization',
        });
    });
  return errors;
}

/** Prerequisites: tasks the actor sees, not the task itself, and no cycle through the organization's dependencies. */
async function dependencyErrors(
  tx: Tx,
  actor: TenantActor,
  blockedBy: string[] | undefined,
  taskId: string | undefined,
): Promise<FieldError[]> {
  if (!blockedBy?.length) return [];
  const errors: FieldError[] = [];
  const visible = await repo.visibleTaskIds(tx, actor, blockedBy);
  for (const [index, id] of blockedBy.entries()) {
    const path = `body.blockedBy.${index}`;
    if (id === taskId) errors.push({ path, message: 'a task cannot wait for itself' });
    else if (!visible.has(id)) errors.push({ path, message: 'no such task' });
    else if (taskId) {
      const cycle = await repo.dependencyPath(tx, id, taskId);
      if (cycle) {
        // Tasks of the cycle the actor does not see are not named.
        const seen = await repo.visibleTaskIds(tx, actor, cycle);
        const names = [taskId, ...cycle].map((step) => (seen.has(step) ? step : '(a task you cannot see)'));
        errors.push({
          path: 'body.blockedBy',
          message: `would make a cycle: ${names.join(' -> ')} (each waits for the next)`,
        });
      }
    }
  }
  return errors;
}

/** 409 when the task still waits for prerequisites that are not done. */
async function assertPrerequisitesDone(tx: Tx, taskId: string): Promise<void> {
  const waiting = await repo.unfinishedPrerequisites(tx, taskId);
  if (waiting.length)
    throw new AppError('conflict', {
      message: `This task cannot be done before the tasks it is blocked by: ${waiting.join(', ')}`,
      extensions: { blockedBy: waiting },
    });
}

async function emitAssigned(
  tx: Tx,
  tenantId: string,
  result: TaskWithRelations,
  added: string[],
  assignedBy: string | null,
): Promise<void> {
  if (!added.length) return;
  await emitEvent(tx, tenantId, {
    name: 'task.assigned',
    stream: { type: 'task', id: result.task.id },
    payload: { ...taskPayload(result), addedAssigneeIds: added, assignedBy },
  });
}

/** Writes a task's assignees, watchers, prerequisites, first status and reminders. */
async function writeNewTask(
  tx: Tx,
  tenantId: string,
  values: typeof tasks.$inferInsert,
  people: { assigneeIds: string[]; watcherIds: string[]; blockedBy: string[]; by: string | null },
): Promise<TaskWithRelations> {
  const created = await repo.insertTask(tx, { ...values, tenantId });
  const taskId = created.id;
  await repo.replaceAssignees(tx, {
    tenantId,
    taskId,
    userIds: people.assigneeIds,
    assignedBy: people.by ?? created.createdBy,
  });
  if (people.watcherIds.length)
    await repo.replaceWatchers(tx, { tenantId, taskId, userIds: people.watcherIds });
  if (people.blockedBy.length)
    await repo.replaceDependencies(tx, { tenantId, taskId, blockedBy: people.blockedBy });
  await repo.recordStatusChange(tx, {
    tenantId,
    taskId,
    fromStatus: null,
    toStatus: created.status,
    changedBy: people.by,
  });
  await repo.syncReminders(tx, tenantId, sql`t.id = ${taskId}`);
  return written(tx, taskId);
}

/**
 * Creates a task: the actor's own unless they may give it to others (managers to their teams, Org
 * Admins to anyone). The command the chat assistant calls for "remind me to call Globex on Friday".
 */
export async function createTask({
  actor,
  tx,
  assigneeIds,
  watcherIds,
  blockedBy,
  ...input
}: Command & CreateTaskInput): Promise<TaskWithRelations> {
  assertAllowed(actor, TASK_PERMISSIONS, 'create');
  const people = {
    assigneeIds: assigneeIds ?? [actor.userId],
    watcherIds: watcherIds ?? [],
    blockedBy: blockedBy ?? [],
  };
  const settled = await checkInput(tx, actor, { ...input, ...people });
  const status = input.status ?? 'todo';
  const result = await writeNewTask(
    tx,
    actor.tenantId,
    {
      ...input,
      ...settled,
      tenantId: actor.tenantId,
      status,
      createdBy: actor.userId,
      completedAt: status === 'done' ? new Date() : null,
    },
    { ...people, by: actor.userId },
  );
  if (status === 'done') await assertPrerequisitesDone(tx, result.task.id);
  await recordChange(tx, actor.tenantId, {
    name: 'task.created',
    record: { type: 'task', id: result.task.id },
    after: { ...result.task, ...result.relations },
    payload: taskPayload(result),
  });
  await emitAssigned(tx, actor.tenantId, result, result.relations.assigneeIds, actor.userId);
  return result;
}

/**
 * Changes a task (its creator's, assignees', collaborative watchers', or their managers'); the lists
 * (`assigneeIds`, `watcherIds`, `blockedBy`) replace the current ones. Completing a recurring task
 * creates its next occurrence.
 */
export async function updateTask({
  actor,
  tx,
  taskId,
  version,
  assigneeIds,
  watcherIds,
  blockedBy,
  ...change
}: Command & UpdateTaskInput & { taskId: string }): Promise<TaskWithRelations> {
  assertAllowed(actor, TASK_PERMISSIONS, 'update');
  const before = await withRelations(tx, await visibleTask(tx, actor, taskId, { change: true }));
  const settled = await checkInput(tx, actor, { ...change, assigneeIds, watcherIds, blockedBy }, before);
  const fromStatus = before.task.status;
  const toStatus = change.status ?? fromStatus;
  const moved = toStatus !== fromStatus;
  const updated = await repo.updateTask(
    tx,
    { id: taskId, version },
    {
      ...change,
      ...settled,
      ...(moved && { completedAt: toStatus === 'done' ? new Date() : null }),
      ...(change.dueAt !== undefined && { escalatedAt: null }),
      updatedAt: new Date(),
    },
  );
  if (!updated) throw AppError.staleVersion(presentTask(before));
  const tenantId = actor.tenantId;
  if (assigneeIds)
    await repo.replaceAssignees(tx, { tenantId, taskId, userIds: assigneeIds, assignedBy: actor.userId });
  if (watcherIds) await repo.replaceWatchers(tx, { tenantId, taskId, userIds: watcherIds });
  if (blockedBy) await repo.replaceDependencies(tx, { tenantId, taskId, blockedBy });
  if (moved) {
    if (toStatus === 'done') await assertPrerequisitesDone(tx, taskId);
    await repo.recordStatusChange(tx, { tenantId, taskId, fromStatus, toStatus, changedBy: actor.userId });
  }
  const dueChanged = change.dueAt !== undefined && change.dueAt?.getTime() !== before.task.dueAt?.getTime();
  await repo.syncReminders(tx, tenantId, sql`t.id = ${taskId}`, { dueChanged });
  const after = await written(tx, taskId);
  const changes = [
    ...Object.keys(change),
    ...(assigneeIds ? ['assigneeIds'] : []),
    ...(watcherIds ? ['watcherIds'] : []),
    ...(blockedBy ? ['blockedBy'] : []),
  ];
  await recordChange(tx, tenantId, {
    name: 'task.updated',
    record: { type: 'task', id: taskId },
    before: { ...before.task, ...before.relations },
    after: { ...after.task, ...after.relations },
    payload: { ...taskPayload(after), changes, ...(moved && { fromStatus, toStatus }) },
  });
  const added = after.relations.assigneeIds.filter((id) => !before.relations.assigneeIds.includes(id));
  await emitAssigned(tx, tenantId, after, added, actor.userId);
  if (moved && toStatus === 'done') {
    await emitEvent(tx, tenantId, {
      name: 'task.completed',
      stream: { type: 'task', id: taskId },
      payload: { ...taskPayload(after), completedBy: actor.userId },
    });
    if (after.task.recurrence && after.task.dueAt) await createNextOccurrence(tx, after, actor.userId);
  }
  return after;
}

/**
 * The occurrence after `previous` in its series, unless it exists already (completing the task and the
 * schedule may both get there; a lock on the series serializes them). Returns it, or undefined.
 */
export async function createNextOccurrence(
  tx: Tx,
  previous: TaskWithRelations,
  by: string | null,
  options: {
    /** Create it only when it is due by then (the schedule's horizon). */
    notAfter?: Date;
    /** Pass over occurrences that exist (a deleted one) to the first that does not. */
    skipExisting?: boolean;
  } = {},
): Promise<TaskWithRelations | undefined> {
  const { task, relations } = previous;
  if (!task.recurrence || !task.dueAt) return undefined;
  const seriesId = task.seriesId ?? task.id;
  await repo.lockSeries(tx, seriesId);
  const occurrences = await repo.seriesSize(tx, seriesId);
  let dueAt = nextOccurrence(task.recurrence, task.dueAt, occurrences);
  for (let skipped = 0; dueAt && options.skipExisting && skipped < 100; skipped++) {
    if (!(await repo.occurrenceExists(tx, seriesId, dueAt))) break;
    dueAt = nextOccurrence(task.recurrence, dueAt, occurrences);
  }
  if (!dueAt || (options.notAfter && dueAt > options.notAfter)) return undefined;
  if (await repo.occurrenceExists(tx, seriesId, dueAt)) return undefined;
  const result = await writeNewTask(
    tx,
    task.tenantId,
    {
      tenantId: task.tenantId,
      title: task.title,
      description: task.description,
      category: task.category,
      priority: task.priority,
      visibility: task.visibility,
      teamId: task.teamId,
      dueAt,
      reminderOffsetsMinutes: task.reminderOffsetsMinutes,
      estimateMinutes: task.estimateMinutes,
      customerId: task.customerId,
      opportunityId: task.opportunityId,
      recurrence: task.recurrence,
      seriesId,
      createdBy: task.createdBy,
    },
    {
      assigneeIds: relations.assigneeIds,
      watcherIds: task.visibility === 'private' ? [] : relations.watcherIds,
      blockedBy: [],
      by,
    },
  );
  await recordChange(tx, task.tenantId, {
    name: 'task.created',
    record: { type: 'task', id: result.task.id },
    after: { ...result.task, ...result.relations },
    payload: { ...taskPayload(result), seriesId, previousTaskId: task.id },
  });
  await emitAssigned(tx, task.tenantId, result, result.relations.assigneeIds, by);
  return result;
}

/** Moves a task to the trash (restorable for 30 days); its unsent reminders go. */
export async function deleteTask({ actor, tx, taskId }: Command & { taskId: string }): Promise<void> {
  assertAllowed(actor, TASK_PERMISSIONS, 'delete');
  const before = await withRelations(tx, await visibleTask(tx, actor, taskId, { change: true }));
  const deleted = await repo.updateTask(
    tx,
    { id: taskId, version: before.task.version },
    { deletedAt: new Date(), deletedBy: actor.userId },
  );
  await repo.syncReminders(tx, actor.tenantId, sql`t.id = ${taskId}`);
  await recordChange(tx, actor.tenantId, {
    name: 'task.deleted',
    record: { type: 'task', id: taskId },
    before: before.task,
    after: deleted ?? null,
    payload: taskPayload(before),
  });
}

/** Brings a task back from the trash (within 30 days of its deletion). */
export async function restoreTask({ actor, tx, taskId }: Command & { taskId: string }) {
  const before = await visibleTask(tx, actor, taskId, { trash: true, change: true });
  const restored = await repo.updateTask(
    tx,
    { id: taskId, version: before.version },
    { deletedAt: null, deletedBy: null },
  );
  await repo.syncReminders(tx, actor.tenantId, sql`t.id = ${taskId}`);
  const result = await written(tx, taskId);
  await recordChange(tx, actor.tenantId, {
    name: 'task.restored',
    record: { type: 'task', id: taskId },
    before,
    after: restored ?? null,
    payload: taskPayload(result),
  });
  return result;
}

const MENTION = /@\[[^\]\n]{0,200}\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** The users a comment mentions: `@[Name](userId)` tokens and explicit ids, each once. */
export function mentionedIn(body: string, explicit: string[] = []): string[] {
  const tokens = [...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase());
  return [...new Set([...tokens, ...explicit.map((id) => id.toLowerCase())])];
}

/**
 * Comments on a task the actor sees. Mentioned users are kept (and told, by `task.commented`) only when
 * they may see the task: the others are dropped without a word, so a mention reveals nothing.
 */
export async function commentOnTask({
  actor,
  tx,
  taskId,
  body,
  mentionIds,
}: Command & { taskId: string; body: string; mentionIds?: string[] | undefined }) {
  const task = await withRelations(tx, await visibleTask(tx, actor, taskId));
  const mentioned = mentionedIn(body, mentionIds).filter((id) => id !== actor.userId);
  const allowed = await repo.inAudience(tx, taskId, mentioned);
  const comment = await repo.insertComment(tx, {
    tenantId: actor.tenantId,
    taskId,
    authorId: actor.userId,
    body,
    mentions: allowed,
  });
  await recordChange(tx, actor.tenantId, {
    name: 'task.commented',
    record: { type: 'task', id: taskId },
    after: comment,
    payload: { ...taskPayload(task), commentId: comment.id, authorId: actor.userId, mentionIds: allowed },
  });
  return comment;
}

export async function listComments({
  actor,
  tx,
  taskId,
  limit,
  cursor,
}: Command & { taskId: string; limit: number; cursor?: string | undefined }) {
  await visibleTask(tx, actor, taskId);
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  if (after && (Number.isNaN(Date.parse(after[0])) || !/^[0-9a-f-]{36}$/.test(after[1])))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  const rows = await repo.listComments(tx, taskId, limit, after);
  return pageFrom(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}

/** Logs time spent on a task by hand. */
export async function logTime({
  actor,
  tx,
  taskId,
  minutes,
  startedAt,
  note,
}: Command & { taskId: string; minutes: number; startedAt?: Date | undefined; note?: string | undefined }) {
  await visibleTask(tx, actor, taskId, { change: true });
  const start = startedAt ?? new Date(Date.now() - minutes * 60_000);
  const entry = await repo.insertTimeEntry(tx, {
    tenantId: actor.tenantId,
    taskId,
    userId: actor.userId,
    source: 'manual',
    startedAt: start,
    endedAt: new Date(start.getTime() + minutes * 60_000),
    minutes,
    note: note ?? '',
  });
  await recordAudit(tx, actor.tenantId, {
    action: 'task.time_logged',
    entityType: 'task',
    entityId: taskId,
    after: entry,
  });
  return entry;
}

/** Starts the actor's timer on a task; 409 when theirs already runs. */
export async function startTimer({ actor, tx, taskId }: Command & { taskId: string }) {
  await visibleTask(tx, actor, taskId, { change: true });
  const entry = await repo.startTimer(tx, { tenantId: actor.tenantId, taskId, userId: actor.userId });
  if (!entry)
    throw new AppError('conflict', { message: 'Your timer on this task is already running; stop it first' });
  await recordAudit(tx, actor.tenantId, {
    action: 'task.timer_started',
    entityType: 'task',
    entityId: taskId,
    after: entry,
  });
  return entry;
}

/** Stops the actor's running timer on a task; 409 when none runs. */
export async function stopTimer({ actor, tx, taskId }: Command & { taskId: string }) {
  await visibleTask(tx, actor, taskId, { change: true });
  const entry = await repo.stopTimer(tx, taskId, actor.userId);
  if (!entry) throw new AppError('conflict', { message: 'You have no timer running on this task' });
  await recordAudit(tx, actor.tenantId, {
    action: 'task.timer_stopped',
    entityType: 'task',
    entityId: taskId,
    after: entry,
  });
  return entry;
}

const BUILT_IN_NAMES: Record<(typeof builtInTaskCategories)[number], string> = {
  follow_up: 'Follow-up',
  proposal: 'Proposal',
  client_meeting: 'Client meeting/presentation',
  data_entry: 'Data entry',
  training: 'Training',
};

/** The five built-in categories, then the organization's own (archived ones included, marked). */
export async function listCategories({ tx }: Command) {
  const own = await repo.listCategories(tx);
  return [
    ...builtInTaskCategories.map((key) => ({
      id: null,
      key,
      name: BUILT_IN_NAMES[key],
      builtIn: true,
      archivedAt: null as Date | null,
    })),
    ...own.map((row) => ({
      id: row.id,
      key: row.key,
      name: row.name,
      builtIn: false,
      archivedAt: row.archivedAt,
    })),
  ];
}

export async function createCategory({ actor, tx, key, name }: Command & { key: string; name: string }) {
  if ((builtInTaskCategories as readonly string[]).includes(key))
    throw AppError.validation([{ path: 'body.key', message: 'is a built-in category' }]);
  const row = await repo.insertCategory(tx, { tenantId: actor.tenantId, key, name });
  if (!row) throw new AppError('duplicate', { message: `A task category with the key ${key} exists` });
  await recordAudit(tx, actor.tenantId, {
    action: 'task_category.created',
    entityType: 'task_category',
    entityId: row.id,
    after: row,
  });
  return { ...row, builtIn: false };
}

/** Archives a category: tasks keep it, new tasks cannot take it. */
export async function archiveCategory({ actor, tx, categoryId }: Command & { categoryId: string }) {
  const row = await repo.archiveCategory(tx, categoryId);
  if (!row) throw AppError.notFound('Task category');
  await recordAudit(tx, actor.tenantId, {
    action: 'task_category.archived',
    entityType: 'task_category',
    entityId: row.id,
    after: row,
  });
  return { ...row, builtIn: false };
}

export function getSettings({ tx }: Command) {
  return repo.settings(tx);
}

/**
 * Changes the organization's reminder defaults; every open task taking them (and every escalation)
 * has its unsent reminders rewritten in the same transaction.
 */
export async function updateSettings({
  actor,
  tx,
  version,
  ...change
}: Command & {
  version: number;
  reminderOffsetsMinutes?: number[] | undefined;
  overdueEscalationMinutes?: number | undefined;
  interactionReminderDays?: number | undefined;
}) {
  const current = await repo.settings(tx, { forUpdate: true });
  const { version: _version, ...values } = current;
  const next = {
    ...values,
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
  };
  if (current.version !== version || !(await repo.saveSettings(tx, actor.tenantId, version, next)))
    throw AppError.staleVersion(await repo.settings(tx));
  await repo.syncReminders(tx, actor.tenantId, sql`true`);
  await recordAudit(tx, actor.tenantId, {
    action: 'task_settings.updated',
    entityType: 'task_settings',
    entityId: actor.tenantId,
    before: current,
    after: next,
  });
  return repo.settings(tx);
}
