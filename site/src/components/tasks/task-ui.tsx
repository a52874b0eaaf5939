/** How a task shows wherever it appears: badges for visibility and priority, due dates. */
import type { Schemas } from '../../lib/api';
import { relative } from '../../lib/format';

export type Task = Schemas['Task'];

export const STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const STATUS_LABELS: Record<Task['status'], string> = {
  todo: 'To do',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const isOpen = (task: Task) => task.status !== 'done' && task.status !== 'cancelled';
export const isOverdue = (task: Task) => isOpen(task) && !!task.dueAt && Date.parse(task.dueAt) < Date.now();

export function TaskBadges({ task }: { task: Task }) {
  return (
    <span class="task-badges">
      {task.visibility !== 'team' && (
        <span class={`badge ${task.visibility === 'private' ? 'bad' : 'accent'}`}>
          {task.visibility === 'private' ? 'Private' : 'Collaborative'}
        </span>
      )}
      <span class={`badge priority-${task.priority}`}>{task.priority}</span>
      {task.blockedBy.length > 0 && <span class="badge">Blocked by {task.blockedBy.length}</span>}
    </span>
  );
}

export function Due({ task }: { task: Task }) {
  if (!task.dueAt) return <span class="muted">No due date</span>;
  return (
    <span class={isOverdue(task) ? 'error' : 'muted'}>
      {isOverdue(task) ? 'Overdue, ' : 'Due '}
      {relative(task.dueAt)}
    </span>
  );
}

/** `datetime-local` value for an ISO time, in local time. */
export function localInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** ISO time with offset from a `datetime-local` value (null when empty). */
export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}
