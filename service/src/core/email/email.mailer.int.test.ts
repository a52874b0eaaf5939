import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { httpStatusOf } from '../../errors.js';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AppError } from '../errors/app-error.js';
import { createMailer, type Mailer } from './email.mailer.js';
import { sendTemplatedEmail } from './email.service.js';
import { recordingLogger } from './email.test-helpers.js';

const from = 'Closer <no-reply@closer.local>';
const acceptUrl = 'http://localhost:3000/invite?token=eyJpbnZpdGF0aW9uIjoiYWJjIn0.c2ln';
const invitation = {
  to: 'new.rep@example.com',
  template: 'invitation' as const,
  data: {
    organizationName: "O'Brien & Sons",
    inviterName: 'Dana Lee',
    roleName: 'Sales Rep',
    acceptUrl,
    expiresAt: '2026-03-05T14:00:00.000Z',
  },
};

interface ReceivedEmail {
  mailFrom: string | undefined;
  rcptTo: string[];
  raw: Buffer;
}

/** A real SMTP server on loopback that keeps what it receives and refuses one address. */
async function startSmtpServer(): Promise<{ url: string; received: ReceivedEmail[]; stop(): Promise<void> }> {
  const received: ReceivedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === 'nobody@example.com') {
        callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          mailFrom: mailFrom ? mailFrom.address : undefined,
          rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects.flatMap((object) => object.value.map((address) => address.address ?? ''));
}

function expectInvitation(parsed: ParsedMail): void {
  expect(parsed.from?.value).toEqual([{ name: 'Closer', address: 'no-reply@closer.local' }]);
  expect(addresses(parsed.to)).toEqual(['new.rep@example.com']);
  expect(parsed.subject).toBe("You're invited to join O'Brien & Sons on Closer");
  expect(parsed.text).toContain(acceptUrl);
  expect(parsed.text).toContain("Dana Lee has invited you to join O'Brien & Sons as Sales Rep.");
  expect(parsed.html).toBeTruthy();
  expect(parsed.html).toContain(`href="${acceptUrl}"`);
  expect(parsed.html).toContain('O&#39;Brien &amp; Sons');
}

describe('mailer over SMTP (real server on loopback)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;
  const log = recordingLogger();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent/unused', from, logger: log.logger });
  });

  afterAll(async () => {
    await mailer.close();
    await smtp.stop();
  });

  it('delivers a templated email with a text and an HTML part', async () => {
    const sent = await sendTemplatedEmail(mailer, invitation);

    expect(sent.outboxFile).toBeUndefined();
    expect(smtp.received).toHaveLength(1);
    const [arrived] = smtp.received;
    expect(arrived?.mailFrom).toBe('no-reply@closer.local');
    expect(arrived?.rcptTo).toEqual(['new.rep@example.com']);
    const parsed = await simpleParser(arrived?.raw ?? Buffer.alloc(0));
    expectInvitation(parsed);
    expect(parsed.messageId).toBe(sent.messageId);
    expect(log.lines).toContainEqual(
      expect.objectContaining({ msg: 'email sent', to: 'new.rep@example.com', messageId: sent.messageId }),
    );
  });

  it('rejects with a clear, permanent error when the server refuses the recipient', async () => {
    const sending = sendTemplatedEmail(mailer, { ...invitation, to: 'nobody@example.com' });

    await expect(sending).rejects.toBeInstanceOf(AppError);
    await expect(sending).rejects.toMatchObject({ code: 'email_rejected' });
    expect(httpStatusOf((await sending.catch((error: unknown) => error)) as AppError)).toBe(502);
    await expect(sending).rejects.toThrow(/Email to nobody@example\.com was not sent.*550.*No such user/);
  });

  it('rejects with a retryable error when no server listens', async () => {
    const unreachable = await startSmtpServer();
    await unreachable.stop();
    const offline = createMailer({
      smtpUrl: unreachable.url,
      outboxDir: '/unused',
      from,
      logger: log.logger,
    });
    try {
      const sending = offline.send({ to: 'a@example.com', subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });
      await expect(sending).rejects.toMatchObject({ code: 'email_unavailable' });
      expect(httpStatusOf((await sending.catch((error: unknown) => error)) as AppError)).toBe(503);
      await expect(sending).rejects.toThrow(/Email to a@example\.com was not sent/);
    } finally {
      await offline.close();
    }
  });
});

describe('mailer without SMTP (outbox of .eml files)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'closer-outbox-'));
  });

  afterEach(async () => {
    await rm(path.join(dataDir, 'outbox'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file that parses to the same email, and logs its subject', async () => {
    const outboxDir = path.join(dataDir, 'outbox');
    const log = recordingLogger();
    const mailer = createMailer({ smtpUrl: undefined, outboxDir, from, logger: log.logger });

    const sent = await sendTemplatedEmail(mailer, invitation);
    await mailer.close();

    expect(sent.outboxFile).toBeDefined();
    expect(path.dirname(sent.outboxFile ?? '')).toBe(outboxDir);
    expect(await readdir(outboxDir)).toEqual([path.basename(sent.outboxFile ?? '')]);
    const raw = await readFile(sent.outboxFile ?? '');
    expect(raw.toString('latin1')).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expectInvitation(parsed);
    expect(parsed.messageId).toBe(sent.messageId);
    expect(((await stat(sent.outboxFile ?? '')).mode & 0o777).toString(8)).toBe('600');
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        to: 'new.rep@example.com',
        subject: "You're invited to join O'Brien & Sons on Closer",
        file: sent.outboxFile,
      }),
    );
  });

  it('names files so that they sort in the order they were sent', async () => {
    const outboxDir = path.join(dataDir, 'outbox');
    const mailer = createMailer({ smtpUrl: undefined, outboxDir, from, logger: recordingLogger().logger });
    const subjects = ['first', 'second', 'third'];
    const files: string[] = [];
    for (const subject of subjects) {
      const sent = await mailer.send({
        to: 'a@example.com',
        subject,
        html: `<p>${subject}</p>`,
        text: subject,
      });
      files.push(path.basename(sent.outboxFile ?? ''));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await mailer.close();

    const listed = (await readdir(outboxDir)).sort();
    expect(listed).toEqual(files);
    const parsedSubjects = await Promise.all(
      listed.map(async (file) => (await simpleParser(await readFile(path.join(outboxDir, file)))).subject),
    );
    expect(parsedSubjects).toEqual(subjects);
  });
});
