import type { Task, TaskRelations } from './tasks.repo.js';
import type { TaskComment, TaskStatusChange, TaskTimeEntry } from './tasks.tables.js';

export function presentTask({ task, relations }: { task: Task; relations: TaskRelations }) {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    category: task.category,
    priority: task.priority,
    status: task.status,
    visibility: task.visibility,
    teamId: task.teamId,
    dueAt: task.dueAt?.toISOString() ?? null,
    reminderOffsetsMinutes: task.reminderOffsetsMinutes,
    progress: task.progress,
    estimateMinutes: task.estimateMinutes,
    trackedMinutes: relations.trackedMinutes,
    customerId: task.customerId,
    opportunityId: task.opportunityId,
    recurrence: task.recurrence,
    seriesId: task.seriesId,
    createdBy: task.createdBy,
    assigneeIds: relations.assigneeIds,
    watcherIds: relations.watcherIds,
    blockedBy: relations.blockedBy,
    completedAt: task.completedAt?.toISOString() ?? null,
    deletedAt: task.deletedAt?.toISOString() ?? null,
    version: task.version,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}
export type TaskView = ReturnType<typeof presentTask>;

export function presentTimeEntry(entry: TaskTimeEntry) {
  return {
    id: entry.id,
    taskId: entry.taskId,
    userId: entry.userId,
    source: entry.source,
    startedAt: entry.startedAt.toISOString(),
    endedAt: entry.endedAt?.toISOString() ?? null,
    minutes: entry.minutes,
    note: entry.note,
  };
}

export function presentStatusChange(change: TaskStatusChange) {
  return {
    fromStatus: change.fromStatus,
    toStatus: change.toStatus,
    changedBy: change.changedBy,
    changedAt: change.changedAt.toISOString(),
  };
}

export function presentTaskDetail(detail: {
  task: Task;
  relations: TaskRelations;
  statusHistory: TaskStatusChange[];
  timeEntries: TaskTimeEntry[];
}) {
  return {
    ...presentTask(detail),
    statusHistory: detail.statusHistory.map(presentStatusChange),
    timeEntries: detail.timeEntries.map(presentTimeEntry),
  };
}

export function presentComment(comment: TaskComment) {
  return {
    id: comment.id,
    taskId: comment.taskId,
    authorId: comment.authorId,
    body: comment.body,
    mentionIds: comment.mentions,
    createdAt: comment.createdAt.toISOString(),
  };
}

export function presentCategory(category: {
  id: string | null;
  key: string;
  name: string;
  builtIn: boolean;
  archivedAt: Date | null;
}) {
  return {
    id: category.id,
    key: category.key,
    name: category.name,
    builtIn: category.builtIn,
    archivedAt: category.archivedAt?.toISOString() ?? null,
  };
}
