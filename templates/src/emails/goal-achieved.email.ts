import { escapeHtml } from '../escape-html.js';
import { oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, formatDay, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface GoalAchievedEmailData extends NotificationEmailBase {
  goalName: string;
  /** ISO timestamp of when the goal was reached. */
  achievedAt: string;
  /** The spec's `performance_data`: labelled figures, already formatted ("Revenue won": "$52,000"). */
  performance: { label: string; value: string }[];
}

function fields(data: GoalAchievedEmailData) {
  return {
    ...baseFields(data),
    goalName: oneLine(data.goalName),
    achievementDate: formatDay(data.achievedAt),
  };
}

/** The spec's `goal_achieved`: "Congratulations! Goal Achieved: {goal_name}", achievement date, performance data. */
export const goalAchievedEmail: EmailDefinition<GoalAchievedEmailData> = {
  mjmlFile: 'goal-achieved.mjml',
  subject: (data) => `Congratulations! Goal Achieved: ${oneLine(data.goalName)}`,
  fields,
  htmlFields: (data) => ({
    performanceRows: data.performance
      .map(
        (row) =>
          `<tr><td style="padding-right:16px;color:#6b7280">${escapeHtml(oneLine(row.label))}</td><td><strong>${escapeHtml(oneLine(row.value))}</strong></td></tr>`,
      )
      .join(''),
  }),
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `Congratulations! You reached the goal ${f.goalName} on ${f.achievementDate}.`,
      '',
      ...data.performance.map((row) => `${oneLine(row.label)}: ${oneLine(row.value)}`),
      ...textFooter(data, 'See your goals'),
    ].join('\n');
  },
};
