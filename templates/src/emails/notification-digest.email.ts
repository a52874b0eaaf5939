import { escapeHtml } from '../escape-html.js';
import { formatUtc, oneLine, safeUrl, type EmailDefinition } from './email-definition.js';
import { baseFields, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface DigestItem {
  title: string;
  body: string;
  /** Absolute link to what it is about. */
  link: string;
  /** ISO timestamp. */
  at: string;
}

export interface NotificationDigestEmailData extends NotificationEmailBase {
  period: 'daily' | 'weekly';
  items: DigestItem[];
}

function fields(data: NotificationDigestEmailData) {
  return {
    ...baseFields(data),
    periodLabel: data.period,
    count: String(data.items.length),
  };
}

function itemHtml(item: DigestItem): string {
  const body = oneLine(item.body);
  return (
    `<p style="margin:0 0 12px 0"><a href="${escapeHtml(safeUrl(item.link))}"><strong>${escapeHtml(oneLine(item.title))}</strong></a>` +
    `<br><span style="color:#6b7280;font-size:13px">${escapeHtml(formatUtc(item.at))}</span>` +
    (body ? `<br>${escapeHtml(body)}` : '') +
    '</p>'
  );
}

/** The daily or weekly digest of the notifications a member has not read since the last one. */
export const notificationDigestEmail: EmailDefinition<NotificationDigestEmailData> = {
  mjmlFile: 'notification-digest.mjml',
  subject: (data) =>
    `Your ${data.period} Closer digest: ${data.items.length} unread notification${data.items.length === 1 ? '' : 's'}`,
  fields,
  htmlFields: (data) => ({ itemsHtml: data.items.map(itemHtml).join('') }),
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `You have ${f.count} unread notifications since your last digest:`,
      '',
      ...data.items.flatMap((item) => [
        `- ${oneLine(item.title)} (${formatUtc(item.at)})`,
        ...(oneLine(item.body) ? [`  ${oneLine(item.body)}`] : []),
        `  ${safeUrl(item.link)}`,
      ]),
      ...textFooter(data, 'Open your inbox'),
    ].join('\n');
  },
};
