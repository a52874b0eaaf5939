/** The email of a notification: its template by kind, the absolute links, and the unsubscribe headers. */
import { renderEmail, type NotificationEmailData, type RenderedEmail } from '@closer/templates';
import type { EmailMessage } from '../../core/email/email.mailer.js';
import type { Notification, NotificationKind } from './notifications.tables.js';
import { signUnsubscribe, type UnsubscribeKind } from './unsubscribe-token.js';

export interface EmailRecipient {
  email: string;
  name: string;
  organizationName: string;
}

const WHAT: Partial<Record<NotificationKind | 'digest', string>> = {
  'task.assigned': 'task assignment emails',
  'task.deadline': 'deadline reminder emails',
  'task.overdue': 'overdue task emails',
  'goal.achieved': 'goal achievement emails',
  'performance.weekly_summary': 'the weekly performance summary',
  'team.announcement': 'team announcement emails',
  digest: 'the notification digest',
};

export function unsubscribeWhat(kind: UnsubscribeKind): string {
  return WHAT[kind] ?? `"${kind}" emails`;
}

export function unsubscribeUrl(
  publicUrl: string,
  key: Buffer,
  claim: { tenantId: string; userId: string; kind: UnsubscribeKind },
): string {
  return `${publicUrl}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(signUnsubscribe(key, claim))}`;
}

/** RFC 8058: a mail client offers "unsubscribe" and POSTs `List-Unsubscribe=One-Click` to the link. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const str = (value: unknown, fallback = ''): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : fallback;

function render(
  notification: Notification,
  base: Omit<NotificationEmailData, 'title' | 'body'>,
): Promise<RenderedEmail> {
  const d = notification.data;
  switch (notification.kind) {
    case 'task.assigned':
      return renderEmail('task_assigned', {
        ...base,
        taskTitle: str(d.taskTitle, notification.title),
        dueAt: typeof d.dueAt === 'string' ? d.dueAt : null,
        assignedByName: str(d.assignedByName, 'Someone'),
        priority: str(d.priority, 'medium'),
      });
    case 'task.deadline':
    case 'task.overdue':
      if (typeof d.dueAt === 'string')
        return renderEmail('task_deadline', {
          ...base,
          taskTitle: str(d.taskTitle, notification.title),
          dueAt: d.dueAt,
          priority: str(d.priority, 'medium'),
          overdue: notification.kind === 'task.overdue',
        });
      break;
    case 'goal.achieved':
      return renderEmail('goal_achieved', {
        ...base,
        goalName: str(d.name, notification.title),
        achievedAt: str(d.achievedAt, notification.createdAt.toISOString()),
        performance: [
          { label: 'Reached', value: str(d.value) },
          { label: 'Target', value: str(d.target) },
          { label: 'Metric', value: str(d.metric).replaceAll('_', ' ') },
        ],
      });
    case 'performance.weekly_summary':
      return renderEmail('weekly_summary', {
        ...base,
        weekStart: str(d.weekStart),
        weekEnd: str(d.weekEnd),
        dealsWon: Number(d.dealsWon ?? 0),
        revenue: str(d.revenue, '0'),
        interactions: Number(d.interactions ?? 0),
        tasksCompleted: Number(d.tasksCompleted ?? 0),
      });
    case 'team.announcement':
    case 'system.maintenance':
    case 'system.feature':
    case 'system.security':
      return renderEmail('announcement', {
        ...base,
        title: notification.title,
        body: notification.body,
        fromName: str(d.fromName, 'Closer'),
      });
    default:
      break;
  }
  return renderEmail('notification', { ...base, title: notification.title, body: notification.body });
}

/** The message a notification sends by email, unsubscribe headers included. */
export async function notificationEmail(input: {
  notification: Notification;
  recipient: EmailRecipient;
  publicUrl: string;
  signingKey: Buffer;
}): Promise<EmailMessage> {
  const { notification, recipient, publicUrl } = input;
  const url = unsubscribeUrl(publicUrl, input.signingKey, {
    tenantId: notification.tenantId,
    userId: notification.userId,
    kind: notification.kind,
  });
  const email = await render(notification, {
    name: recipient.name,
    organizationName: recipient.organizationName,
    link: `${publicUrl}${notification.link ?? '/notifications'}`,
    unsubscribeUrl: url,
    unsubscribeWhat: unsubscribeWhat(notification.kind),
  });
  return { to: recipient.email, ...email, headers: unsubscribeHeaders(url) };
}
