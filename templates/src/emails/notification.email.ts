import { oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface NotificationEmailData extends NotificationEmailBase {
  title: string;
  body: string;
}

function fields(data: NotificationEmailData) {
  return { ...baseFields(data), title: oneLine(data.title), body: oneLine(data.body) };
}

/** Any other notification by email (a stage change, a high-value deal, a milestone): title, text, link. */
export const notificationEmail: EmailDefinition<NotificationEmailData> = {
  mjmlFile: 'notification.mjml',
  subject: (data) => oneLine(data.title),
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      f.title,
      ...(f.body ? ['', f.body] : []),
      ...textFooter(data, 'Open in Closer'),
    ].join('\n');
  },
};
