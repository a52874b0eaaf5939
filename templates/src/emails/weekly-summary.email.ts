import { oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, formatDay, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface WeeklySummaryEmailData extends NotificationEmailBase {
  /** ISO timestamps of the week's first and last day. */
  weekStart: string;
  weekEnd: string;
  dealsWon: number;
  /** Revenue won, formatted with its currency ("USD 52,000.00"). */
  revenue: string;
  interactions: number;
  tasksCompleted: number;
}

function fields(data: WeeklySummaryEmailData) {
  return {
    ...baseFields(data),
    weekStart: formatDay(data.weekStart),
    weekEnd: formatDay(data.weekEnd),
    dealsWon: String(data.dealsWon),
    revenue: oneLine(data.revenue),
    interactions: String(data.interactions),
    tasksCompleted: String(data.tasksCompleted),
  };
}

/** Monday's performance summary of the week before: deals won, revenue, interactions, tasks completed. */
export const weeklySummaryEmail: EmailDefinition<WeeklySummaryEmailData> = {
  mjmlFile: 'weekly-summary.mjml',
  subject: (data) => `Your week in Closer: ${data.dealsWon} deals won, ${oneLine(data.revenue)}`,
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `Here is how your week from ${f.weekStart} to ${f.weekEnd} went.`,
      '',
      `Deals won: ${f.dealsWon}`,
      `Revenue won: ${f.revenue}`,
      `Interactions logged: ${f.interactions}`,
      `Tasks completed: ${f.tasksCompleted}`,
      ...textFooter(data, 'Open your dashboard'),
    ].join('\n');
  },
};
