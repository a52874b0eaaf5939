import { oneLine, safeUrl } from './email-definition.js';

/** What every notification email carries besides its own data: who it is for and how to stop it. */
export interface NotificationEmailBase {
  /** The recipient's name. */
  name: string;
  organizationName: string;
  /** Where the email's button leads (the task, the goal, the inbox). */
  link: string;
  /** The signed one-click unsubscribe link of this kind of email (also in the List-Unsubscribe header). */
  unsubscribeUrl: string;
  /** What the unsubscribe link stops, as a phrase: "task assignment emails". */
  unsubscribeWhat: string;
}

export function baseFields(data: NotificationEmailBase) {
  const organizationName = oneLine(data.organizationName);
  return {
    name: oneLine(data.name),
    organizationName,
    link: safeUrl(data.link),
    unsubscribeUrl: safeUrl(data.unsubscribeUrl),
    unsubscribeWhat: oneLine(data.unsubscribeWhat),
    footerReason: `You received this email because you are a member of ${organizationName} on Closer.`,
  };
}

/** The end of every notification's text part: the link, why it came, and how to stop it. */
export function textFooter(data: NotificationEmailBase, linkLabel: string): string[] {
  const f = baseFields(data);
  return [
    '',
    `${linkLabel}:`,
    f.link,
    '',
    '--',
    f.footerReason,
    `Unsubscribe from ${f.unsubscribeWhat}: ${f.unsubscribeUrl}`,
  ];
}

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** An ISO timestamp as "March 5, 2026" (UTC). */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return dayFormat.format(date);
}
