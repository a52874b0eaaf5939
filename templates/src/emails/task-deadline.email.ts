import { formatUtc, oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface TaskDeadlineEmailData extends NotificationEmailBase {
  taskTitle: string;
  /** ISO timestamp of the due date. */
  dueAt: string;
  priority: string;
  /** Whether the due date has passed (an overdue reminder) or is coming. */
  overdue: boolean;
}

function fields(data: TaskDeadlineEmailData) {
  return {
    ...baseFields(data),
    taskTitle: oneLine(data.taskTitle),
    dueLine: `${data.overdue ? 'was due on' : 'is due on'} ${formatUtc(data.dueAt)}`,
    priority: oneLine(data.priority),
  };
}

/** A deadline reminder: before the due date, or once the task is overdue. */
export const taskDeadlineEmail: EmailDefinition<TaskDeadlineEmailData> = {
  mjmlFile: 'task-deadline.mjml',
  subject: (data) =>
    data.overdue ? `Overdue: ${oneLine(data.taskTitle)}` : `Reminder: ${oneLine(data.taskTitle)} is due soon`,
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `${f.taskTitle} ${f.dueLine} (priority: ${f.priority}).`,
      ...textFooter(data, 'Open the task'),
    ].join('\n');
  },
};
