import { renderEmail, type EmailTemplateName, type EmailTemplates } from '@closer/templates';
import type { Mailer, SentEmail } from './email.mailer.js';

export interface TemplatedEmailRequest<Name extends EmailTemplateName> {
  to: string;
  template: Name;
  data: EmailTemplates[Name];
}

/** Renders one of the `@closer/templates` emails and sends it. */
export async function sendTemplatedEmail<Name extends EmailTemplateName>(
  mailer: Mailer,
  request: TemplatedEmailRequest<Name>,
): Promise<SentEmail> {
  const email = await renderEmail(request.template, request.data);
  return mailer.send({ to: request.to, ...email });
}
