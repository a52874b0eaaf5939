import type { NodemailerError } from 'nodemailer';
import { AppError, type ErrorSentences } from '../errors/app-error.js';

/** `email_rejected`: the server refused the message for good; `email_unavailable`: worth retrying later. */
export type EmailErrorCode = 'email_rejected' | 'email_unavailable';

export const EMAIL_ERRORS: ErrorSentences<EmailErrorCode> = {
  email_rejected: 'The email could not be delivered to that address.',
  email_unavailable: 'The email could not be sent right now; it will be tried again.',
};

/** Turns what nodemailer threw into an AppError that says who the email was for and what the server said. */
export function toEmailDeliveryError(error: unknown, to: string): AppError<EmailErrorCode> {
  const cause = error as NodemailerError;
  const reason = cause.response ?? cause.message ?? String(error);
  const step = cause.command ? ` at ${cause.command}` : '';
  const permanent = cause.permanent === true;
  return new AppError<EmailErrorCode>(permanent ? 'email_rejected' : 'email_unavailable', {
    message: `Email to ${to} was not sent: the SMTP server ${permanent ? 'rejected it' : 'failed'}${step}: ${reason}`,
    cause: error,
  });
}
