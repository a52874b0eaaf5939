import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { toEmailDeliveryError } from './email.errors.js';

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (List-Unsubscribe and List-Unsubscribe-Post of notification emails, RFC 8058). */
  headers?: Record<string, string>;
}

export interface SentEmail {
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** Absolute path of the `.eml` file when no SMTP server is configured. */
  outboxFile?: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<SentEmail>;
  close(): Promise<void>;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL, credentials included; unset writes `.eml` files to `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  logger: Logger;
}

/** SMTP when configured, otherwise an outbox folder of `.eml` files so the embedded setup works offline. */
export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl
    ? createSmtpMailer({ ...options, smtpUrl: options.smtpUrl })
    : createOutboxMailer(options);
}

/** The mailer options a process gets from its configuration. */
export function mailerOptionsFromConfig(config: Config, logger: Logger): MailerOptions {
  return {
    smtpUrl: config.smtpUrl,
    outboxDir: path.join(config.dataDir, 'outbox'),
    from: config.mailFrom,
    logger,
  };
}

function createSmtpMailer(options: MailerOptions & { smtpUrl: string }): Mailer {
  const transport = createTransport(
    {
      url: options.smtpUrl,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: options.from },
  );
  let closed = false;
  return {
    async send(message) {
      if (closed) throw new Error('The mailer is closed');
      try {
        const info = await transport.sendMail(message);
        options.logger.info(
          { to: message.to, subject: message.subject, messageId: info.messageId },
          'email sent',
        );
        return { messageId: info.messageId };
      } catch (error) {
        throw toEmailDeliveryError(error, message.to);
      }
    },
    close() {
      closed = true;
      transport.close();
      return Promise.resolve();
    },
  };
}

function createOutboxMailer(options: MailerOptions): Mailer {
  // CRLF line endings: an .eml file is an RFC 822 message, exactly what an SMTP server would receive.
  const transport = createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from: options.from },
  );
  let outboxReady: Promise<unknown> | undefined;
  return {
    async send(message) {
      // Reset and invitation links are credentials: only the service's user may read the outbox.
      outboxReady ??= mkdir(options.outboxDir, { recursive: true, mode: 0o700 });
      await outboxReady;
      const info = await transport.sendMail(message);
      const file = path.join(options.outboxDir, outboxFileName(new Date(), info.messageId));
      await writeAtomically(file, info.message as Buffer);
      options.logger.info({ to: message.to, subject: message.subject, file }, 'email written to outbox');
      return { messageId: info.messageId, outboxFile: file };
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** `2026-03-05T14-00-00.123Z-<message id>.eml`: names sort by time, and no character needs quoting. */
export function outboxFileName(sentAt: Date, messageId: string): string {
  const time = sentAt.toISOString().replace(/:/g, '-');
  const id = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${time}-${id}.eml`;
}

/** Readers of the outbox (people, tests, tools watching it) never see half a message. */
async function writeAtomically(file: string, content: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
  await rename(temporary, file);
}

/**
 * Sends through the worker's pooled mailer, or (a worker built without one) through a mailer opened for
 * this one message and closed after it.
 */
export async function sendWith<T>(
  deps: { mailer?: Mailer | undefined; config: Config; logger: Logger },
  send: (mailer: Mailer) => Promise<T>,
): Promise<T> {
  if (deps.mailer) return send(deps.mailer);
  const mailer = createMailer(mailerOptionsFromConfig(deps.config, deps.logger));
  try {
    return await send(mailer);
  } finally {
    await mailer.close();
  }
}
