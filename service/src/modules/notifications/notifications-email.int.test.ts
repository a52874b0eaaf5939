/**
 * Notification emails end to end: the delivery job sends through a real SMTP server on loopback, the
 * message is parsed (subject, text part, RFC 8058 headers), and the one-click unsubscribe link turns
 * that kind of email off. Digests and the weekly summary go the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../core/logger.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { sendDigests, sendWeeklySummaries } from './notification-schedules.js';
import { deliveriesOf, emitAs, eventually, notificationsOf, seedTask } from './notifications.fixtures.js';

interface Received {
  to: string[];
  mail: ParsedMail;
}

const received: Received[] = [];
let smtp: SMTPServer;
const env: Record<string, string> = {};

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const suite = useOrganizationApp({ env });
const db = () => suite.app.database.db;
const deps = (): WorkerDeps => ({
  db: db(),
  queue: suite.app.queue,
  config: suite.app.config,
  logger: createLogger({ level: 'silent' }),
});

const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((line) => line.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ');

function emailsTo(address: string, count: number) {
  return eventually(() => {
    const mails = received.filter((r) => r.to.includes(address)).map((r) => r.mail);
    return Promise.resolve(mails.length >= count ? mails : undefined);
  }, 30_000);
}

async function assignTo(userId: string, title: string, dueAt?: Date) {
  const { org } = suite;
  const task = await seedTask(db(), org, { title, createdBy: org.manager.id, assigneeIds: [userId], dueAt });
  await emitAs(db(), org, org.manager.id, {
    name: 'task.assigned',
    stream: { type: 'task', id: task.id },
    payload: { ...task.payload, addedAssigneeIds: [userId], assignedBy: org.manager.id },
  });
  await suite.app.drainEvents();
  return (await notificationsOf(db(), org, userId)).find((n) => n.record_id === task.id)!;
}

describe('notification emails over SMTP', () => {
  it("sends the spec's task-assigned email with a text part and one-click unsubscribe, which turns it off", async () => {
    const { org, app } = suite;
    await assignTo(org.rep.id, 'Send the proposal to Globex', new Date('2026-03-05T14:00:00Z'));
    const [mail] = await emailsTo(org.rep.email, 1);
    expect(mail!.subject).toBe('New Task Assigned: Send the proposal to Globex');
    expect(mail!.text).toContain('Due: March 5, 2026 at 2:00 PM UTC');
    expect(mail!.text).toContain('Assigned by: Morgan Manager');
    expect(mail!.text).toContain('Priority: high');
    expect(mail!.html).toContain('New task: Send the proposal to Globex');
    const listUnsubscribe = header(mail!, 'list-unsubscribe')!;
    expect(listUnsubscribe).toMatch(
      /^<http:\/\/closer\.test\/api\/v1\/notifications\/unsubscribe\?token=[^>]+>$/,
    );
    expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = new URL(listUnsubscribe.slice(1, -1));
    expect(mail!.text).toContain(link.href);

    // What the link would do, without doing it (mail scanners follow GET links).
    const page = await app.request(`${link.pathname}${link.search}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop receiving task assignment emails?');
    expect(await json(await app.request(`${link.pathname}${link.search}`))).toEqual({
      kind: 'task.assigned',
      email: true,
    });

    // The second-to-last character: the last one of a base64url signature may carry only padding bits,
    // so changing it can leave the decoded signature as it was.
    const tampered = link.search.replace(/.(?=.$)/, (c) => (c === 'A' ? 'B' : 'A'));
    const refused = await app.request(`${link.pathname}${tampered}`, { method: 'POST' });
    expect(refused.status).toBe(400);
    expect((await json<{ code: string }>(refused)).code).toBe('unsubscribe_link_invalid');

    const oneClick = await app.request(`${link.pathname}${link.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await json(oneClick)).toEqual({ kind: 'task.assigned', email: false });
    const rep = await signIn(app.url, org.rep);
    const preferences = await json<{ channels: Record<string, Record<string, boolean>> }>(
      await rep.get('/api/v1/me/notification-preferences'),
    );
    expect(preferences.channels['task.assigned']).toEqual({ email: false });

    const next = await assignTo(org.rep.id, 'No email for this one');
    expect((await deliveriesOf(db(), org, next.id)).email).toMatchObject({
      status: 'skipped',
      detail: 'preference off (task.assigned by email)',
    });
  });

  it("sends the spec's goal-achieved email", async () => {
    const { org } = suite;
    const goalId = '01900000-0000-7000-8000-0000000000a1';
    await emitAs(db(), org, null, {
      name: 'goal.achieved',
      stream: { type: 'goal', id: goalId },
      payload: {
        goalId,
        name: 'Q1 revenue',
        percent: 100,
        value: '52000',
        target: '50000',
        metric: 'revenue_won',
        ownerUserId: org.otherRep.id,
        ownerTeamId: null,
      },
    });
    await suite.app.drainEvents();
    const mails = await emailsTo(org.otherRep.email, 1);
    const mail = mails.find((m) => m.subject?.startsWith('Congratulations'))!;
    expect(mail.subject).toBe('Congratulations! Goal Achieved: Q1 revenue');
    expect(mail.text).toContain('Reached: 52000');
    expect(mail.text).toContain('Target: 50000');
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('sends the weekly summary as a notification of its own, by email', async () => {
    const { org } = suite;
    await sendWeeklySummaries(deps());
    const [summary] = (await notificationsOf(db(), org, org.manager.id)).filter(
      (n) => n.kind === 'performance.weekly_summary',
    );
    expect(summary).toBeDefined();
    const mails = await emailsTo(org.manager.email, 1);
    const mail = mails.find((m) => m.subject?.startsWith('Your week in Closer'))!;
    expect(mail.text).toContain('Deals won: 0');
    expect(mail.text).toContain('Tasks completed: 0');
    // A second run for the same week writes nothing new.
    await sendWeeklySummaries(deps());
    expect(
      (await notificationsOf(db(), org, org.manager.id)).filter(
        (n) => n.kind === 'performance.weekly_summary',
      ),
    ).toHaveLength(1);
  });

  it('sends the daily digest of unread notifications at 07:00 local time, once', async () => {
    const { org, app } = suite;
    const admin = await signIn(app.url, org.admin);
    await admin.request('PUT', '/api/v1/me/notification-preferences', {
      emailDigest: 'daily',
      timezone: 'UTC',
    });
    await admin.post('/api/v1/notifications/read-all');
    const task = await seedTask(db(), org, {
      title: 'Digest me',
      createdBy: org.rep.id,
      assigneeIds: [org.rep.id],
      watcherIds: [org.admin.id],
    });
    await emitAs(db(), org, org.rep.id, {
      name: 'task.updated',
      stream: { type: 'task', id: task.id },
      payload: { ...task.payload, changes: ['title'] },
    });
    await app.drainEvents();
    const seven = new Date();
    seven.setUTCHours(7, 30, 0, 0);
    await sendDigests(deps(), new Date(seven.getTime() - 60 * 60 * 1000)); // 06:30: not yet
    await sendDigests(deps(), seven);
    await sendDigests(deps(), seven); // a retry of the same hour
    const mails = (await emailsTo(org.admin.email, 1)).filter((m) => m.subject?.includes('digest'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your daily Closer digest: 1 unread notification');
    expect(mails[0]!.text).toContain('Task updated: Digest me');
    expect(header(mails[0]!, 'list-unsubscribe')).toMatch(/unsubscribe\?token=/);
  });
});
