import { formatUtc, oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface TaskAssignedEmailData extends NotificationEmailBase {
  taskTitle: string;
  /** ISO timestamp, or null for a task without a due date. */
  dueAt: string | null;
  assignedByName: string;
  priority: string;
}

function fields(data: TaskAssignedEmailData) {
  return {
    ...baseFields(data),
    taskTitle: oneLine(data.taskTitle),
    dueDate: data.dueAt ? formatUtc(data.dueAt) : 'no due date',
    assignedByName: oneLine(data.assignedByName),
    priority: oneLine(data.priority),
  };
}

/** The spec's `task_assigned`: subject "New Task Assigned: {task_title}", due date, assigned by, priority. */
export const taskAssignedEmail: EmailDefinition<TaskAssignedEmailData> = {
  mjmlFile: 'task-assigned.mjml',
  subject: (data) => `New Task Assigned: ${oneLine(data.taskTitle)}`,
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `${f.assignedByName} assigned you a task in ${f.organizationName}.`,
      '',
      `Task: ${f.taskTitle}`,
      `Due: ${f.dueDate}`,
      `Priority: ${f.priority}`,
      `Assigned by: ${f.assignedByName}`,
      ...textFooter(data, 'Open the task'),
    ].join('\n');
  },
};
