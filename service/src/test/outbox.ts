import type { ParsedMail } from 'mailparser';
import type { TestApp } from './test-app.js';

/** Waits for the worker to deliver an email to `to` whose subject matches; returns it. */
export async function waitForEmail(
  app: TestApp,
  to: string,
  subject: RegExp,
  after = 0,
): Promise<ParsedMail> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const found = (await app.outbox())
      .slice(after)
      .find((mail) => JSON.stringify(mail.to ?? '').includes(to) && subject.test(mail.subject ?? ''));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email to ${to} matching ${subject}`);
}

/** The `token` query parameter of the first link in an email's text part. */
export function tokenFrom(mail: ParsedMail): string {
  const match = /token=([^\s"&<>)]+)/.exec(mail.text ?? '');
  if (!match) throw new Error(`no token link in: ${mail.text}`);
  return decodeURIComponent(match[1]!);
}
