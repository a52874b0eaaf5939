import { oneLine, type EmailDefinition } from './email-definition.js';
import { baseFields, textFooter, type NotificationEmailBase } from './notification-email.js';

export interface AnnouncementEmailData extends NotificationEmailBase {
  title: string;
  /** Plain text; paragraphs kept in the text part, one paragraph in the HTML. */
  body: string;
  /** Who announced it: a manager's name, or "Closer" for the platform. */
  fromName: string;
}

function fields(data: AnnouncementEmailData) {
  return {
    ...baseFields(data),
    title: oneLine(data.title),
    body: oneLine(data.body),
    fromName: oneLine(data.fromName),
  };
}

/** A manager's team announcement or a platform announcement (maintenance, feature, security). */
export const announcementEmail: EmailDefinition<AnnouncementEmailData> = {
  mjmlFile: 'announcement.mjml',
  subject: (data) => `${oneLine(data.fromName)}: ${oneLine(data.title)}`,
  fields,
  text(data) {
    const f = fields(data);
    // eslint-disable-next-line no-control-regex -- the body keeps its line breaks, nothing else
    const body = data.body.replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, ' ').trim();
    return [
      `Hi ${f.name},`,
      '',
      `${f.fromName} announced: ${f.title}`,
      '',
      body,
      ...textFooter(data, 'Open Closer'),
    ].join('\n');
  },
};
