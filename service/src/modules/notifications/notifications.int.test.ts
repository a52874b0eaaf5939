import { describe, expect, it } from '@jest/globals';
import { chatLinks } from '../integrations/integrations.tables.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { createLogger } from '../../core/logger.js';
import { buildOrganization, buildPlatformUser, signIn } from '../../test/factories.js';
import { newId } from '../../core/db/columns.js';
import { memberships, users } from '../../core/db/schema.js';
import { everyMember } from './notification-recipients.js';
import { defaultPipelineOf, insertCustomer } from '../opportunities/opportunities.fixtures.js';
import { notify } from './notify.js';
import { registerChatChannel } from './chat-channel.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { fanoutHandler } from './notification-fanout.js';
import { deliverNotification } from './delivery-worker.js';
import {
  deliveriesOf,
  emitAs,
  eventually,
  lastEvent,
  notificationsOf,
  seedTask,
} from './notifications.fixtures.js';

const suite = useOrganizationApp();
const db = () => suite.app.database.db;
const kindsOf = async (userId: string) => (await notificationsOf(db(), suite.org, userId)).map((n) => n.kind);

/** Emits a task event as `actorId` and delivers it; returns who got which notifications. */
async function taskEvent(
  name:
    'task.assigned' | 'task.updated' | 'task.completed' | 'task.commented' | 'task.deadline' | 'task.overdue',
  task: { id: string; payload: Record<string, unknown> },
  actorId: string | null,
  extra: Record<string, unknown> = {},
) {
  await emitAs(db(), suite.org, actorId, {
    name,
    stream: { type: 'task', id: task.id },
    payload: { ...task.payload, ...extra },
  });
  await suite.app.drainEvents();
}

async function received(taskId: string) {
  const { org } = suite;
  const people = { admin: org.admin, manager: org.manager, rep: org.rep, otherRep: org.otherRep };
  const result: Record<string, string[]> = {};
  for (const [key, person] of Object.entries(people)) {
    const kinds = (await notificationsOf(db(), org, person.id))
      .filter((n) => n.record_id === taskId)
      .map((n) => n.kind);
    if (kinds.length) result[key] = kinds;
  }
  return result;
}

describe('fan-out: who is told about a task', () => {
  it('task.assigned reaches the newly assigned, never the one who assigned', async () => {
    const { org } = suite;
    const task = await seedTask(db(), org, {
      createdBy: org.manager.id,
      assigneeIds: [org.rep.id, org.otherRep.id],
    });
    await taskEvent('task.assigned', task, org.manager.id, {
      addedAssigneeIds: [org.rep.id, org.otherRep.id, org.manager.id],
      assignedBy: org.manager.id,
    });
    expect(await received(task.id)).toEqual({ rep: ['task.assigned'], otherRep: ['task.assigned'] });
  });

  it('a collaborative update reaches the other assignees and watchers, not the actor', async () => {
    const { org } = suite;
    const task = await seedTask(db(), org, {
      visibility: 'collaborative',
      createdBy: org.manager.id,
      assigneeIds: [org.rep.id, org.otherRep.id],
      watcherIds: [org.admin.id],
    });
    await taskEvent('task.updated', task, org.rep.id, { changes: ['description'] });
    expect(await received(task.id)).toEqual({
      otherRep: ['task.collaborative_update'],
      admin: ['task.collaborative_update'],
    });
  });

  it("task.completed reaches the creator and the assignees' managers; task.overdue the assignees and their managers", async () => {
    const { org } = suite;
    const task = await seedTask(db(), org, { createdBy: org.admin.id, assigneeIds: [org.rep.id] });
    await taskEvent('task.completed', task, org.rep.id, { status: 'done' });
    expect(await received(task.id)).toEqual({ admin: ['task.completed'], manager: ['task.completed'] });
    const late = await seedTask(db(), org, { createdBy: org.admin.id, assigneeIds: [org.rep.id] });
    await taskEvent('task.overdue', late, null);
    expect(await received(late.id)).toEqual({ manager: ['task.overdue'], rep: ['task.overdue'] });
    const due = await seedTask(db(), org, { createdBy: org.admin.id, assigneeIds: [org.otherRep.id] });
    await taskEvent('task.deadline', due, null, { offsetMinutes: 60 });
    expect(await received(due.id)).toEqual({ otherRep: ['task.deadline'] });
  });

  it('a private task never notifies anyone outside it, whatever the event names', async () => {
    const { org } = suite;
    // otherRep is named as watcher, mentioned and "added", but is not in the private task's audience.
    const task = await seedTask(db(), org, {
      visibility: 'private',
      createdBy: org.rep.id,
      assigneeIds: [org.rep.id],
      watcherIds: [org.otherRep.id],
    });
    await taskEvent('task.updated', task, org.rep.id, { changes: ['title'] });
    await taskEvent('task.commented', task, org.rep.id, {
      commentId: task.id,
      authorId: org.rep.id,
      mentionIds: [org.otherRep.id, org.admin.id, org.manager.id],
    });
    await taskEvent('task.assigned', task, org.rep.id, {
      addedAssigneeIds: [org.otherRep.id, org.admin.id],
      assignedBy: org.rep.id,
    });
    await taskEvent('task.completed', task, org.rep.id);
    // The manager of the assignee may see it (mentioned, completed); the Org Admin and otherRep never.
    expect(await received(task.id)).toEqual({ manager: ['task.mentioned', 'task.completed'] });
  });

  it('a redelivered event is a no-op (the handler run twice on the same event)', async () => {
    const { org } = suite;
    const task = await seedTask(db(), org, { createdBy: org.manager.id, assigneeIds: [org.rep.id] });
    await taskEvent('task.assigned', task, org.manager.id, {
      addedAssigneeIds: [org.rep.id],
      assignedBy: org.manager.id,
    });
    const event = await lastEvent(db(), org, 'task.assigned');
    expect(event.name).toBe('task.assigned');
    const handler = fanoutHandler({
      db: db(),
      queue: suite.app.queue,
      config: suite.app.config,
      logger: createLogger({ level: 'silent' }),
    });
    const countRows = () =>
      db().transaction({ tenantId: org.tenantId }, async (tx) => {
        const [row] = await queryRows<{ notifications: number; deliveries: number; events: number }>(
          tx,
          sql`select (select count(*)::int from notifications where record_id = ${task.id}) as notifications,
            (select count(*)::int from notification_deliveries d join notifications n on n.id = d.notification_id where n.record_id = ${task.id}) as deliveries,
            (select count(*)::int from domain_events where name = 'notification.new' and payload ->> 'userId' = ${org.rep.id}) as events`,
        );
        return row!;
      });
    const before = await countRows();
    expect(before.notifications).toBe(1);
    expect(before.deliveries).toBe(5);
    for (let run = 0; run < 2; run++) {
      await db().transaction({ tenantId: org.tenantId, system: 'events' }, (tx) => handler.handle(event, tx));
    }
    expect(await countRows()).toEqual(before);
  });
});

describe('fan-out through the tasks API', () => {
  it('a private task created, updated, commented and completed tells only its own people', async () => {
    const { org, app } = suite;
    const manager = await signIn(app.url, org.manager);
    const rep = await signIn(app.url, org.rep);
    const created = await manager.post('/api/v1/tasks', {
      title: 'Private review',
      visibility: 'private',
      assigneeIds: [org.rep.id],
      dueAt: '2030-01-01T09:00:00Z',
    });
    expect(created.status).toBe(201);
    const task = await json<{ id: string; version: number }>(created);
    const comment = await rep.post(`/api/v1/tasks/${task.id}/comments`, {
      body: 'Done soon',
      mentionIds: [org.otherRep.id, org.admin.id, org.manager.id],
    });
    expect(comment.status).toBe(201);
    const done = await rep.patch(`/api/v1/tasks/${task.id}`, { version: task.version, status: 'done' });
    expect(done.status).toBe(200);
    await app.drainEvents();
    expect(await received(task.id)).toEqual({
      manager: ['task.mentioned', 'task.completed'],
      rep: ['task.assigned'],
    });
  });
});

describe('fan-out: deals, goals, announcements', () => {
  const deal = (overrides: Record<string, unknown>) => ({
    opportunityId: '01900000-0000-7000-8000-000000000001',
    name: 'Globex renewal',
    customerName: 'Globex',
    ownerId: suite.org.rep.id,
    stageName: 'Proposal',
    amount: '1000.00',
    currency: 'USD',
    ...overrides,
  });

  it('a stage change reaches the owner and their managers, not the actor', async () => {
    const { org } = suite;
    const before = {
      rep: await kindsOf(org.rep.id),
      manager: await kindsOf(org.manager.id),
      admin: await kindsOf(org.admin.id),
      otherRep: await kindsOf(org.otherRep.id),
    };
    const payload = deal({
      opportunityId: '01900000-0000-7000-8000-000000000002',
      fromStageName: 'Qualification',
      toStageName: 'Proposal',
    });
    await emitAs(db(), org, org.admin.id, {
      name: 'opportunity.stage_changed',
      stream: { type: 'opportunity', id: payload.opportunityId },
      payload,
    });
    await suite.app.drainEvents();
    expect((await kindsOf(org.rep.id)).slice(before.rep.length)).toEqual(['opportunity.stage_changed']);
    expect((await kindsOf(org.manager.id)).slice(before.manager.length)).toEqual([
      'opportunity.stage_changed',
    ]);
    expect(await kindsOf(org.admin.id)).toEqual(before.admin);
    expect(await kindsOf(org.otherRep.id)).toEqual(before.otherRep);
  });

  it('a deal over the high-value threshold alerts the managers and admins in scope, once', async () => {
    const { org } = suite;
    const id = '01900000-0000-7000-8000-000000000003';
    const highFor = async (userId: string) =>
      (await notificationsOf(db(), org, userId)).filter(
        (n) => n.kind === 'opportunity.high_value' && n.record_id === id,
      ).length;
    await emitAs(db(), org, org.rep.id, {
      name: 'opportunity.created',
      stream: { type: 'opportunity', id },
      payload: deal({ opportunityId: id, amount: '1000.00' }),
    });
    const raise = { fromAmount: '1000.00', fromCurrency: 'USD', toAmount: '75000.00', toCurrency: 'USD' };
    await emitAs(db(), org, org.rep.id, {
      name: 'opportunity.value_updated',
      stream: { type: 'opportunity', id },
      payload: deal({ opportunityId: id, ...raise }),
    });
    const again = { fromAmount: '75000.00', fromCurrency: 'USD', toAmount: '80000.00', toCurrency: 'USD' };
    await emitAs(db(), org, org.rep.id, {
      name: 'opportunity.value_updated',
      stream: { type: 'opportunity', id },
      payload: deal({ opportunityId: id, ...again }),
    });
    await suite.app.drainEvents();
    expect({
      manager: await highFor(org.manager.id),
      admin: await highFor(org.admin.id),
      rep: await highFor(org.rep.id),
      otherRep: await highFor(org.otherRep.id),
    }).toEqual({
      manager: 1,
      admin: 1,
      rep: 0,
      otherRep: 0,
    });
  });

  it('a real deal through the API: high value on creation, probability set by hand', async () => {
    const { org, app } = suite;
    await defaultPipelineOf(db(), org.tenantId);
    const customerId = await insertCustomer(db(), org.tenantId, { name: 'Initech', ownerId: org.rep.id });
    const rep = await signIn(app.url, org.rep);
    const created = await rep.post('/api/v1/opportunities', {
      name: 'Initech platform',
      customerId,
      amount: '120000',
    });
    expect(created.status).toBe(201);
    const deal = await json<{ id: string; version: number }>(created);
    const changed = await suite.admin.patch(`/api/v1/opportunities/${deal.id}`, {
      version: deal.version,
      probabilityOverride: 80,
    });
    expect(changed.status).toBe(200);
    await app.drainEvents();
    const about = async (userId: string) =>
      (await notificationsOf(db(), org, userId)).filter((n) => n.record_id === deal.id).map((n) => n.kind);
    expect({
      rep: await about(org.rep.id),
      manager: await about(org.manager.id),
      admin: await about(org.admin.id),
      otherRep: await about(org.otherRep.id),
    }).toEqual({
      rep: ['opportunity.probability_changed'],
      manager: ['opportunity.high_value', 'opportunity.probability_changed'],
      admin: ['opportunity.high_value'],
      otherRep: [],
    });
    const [titled] = (await notificationsOf(db(), org, org.rep.id)).filter((n) => n.record_id === deal.id);
    expect(titled!.title).toBe('Initech platform: success probability now 80%');
  });

  it("an interaction reminder reaches the deal's owner only", async () => {
    const { org } = suite;
    const id = '01900000-0000-7000-8000-000000000005';
    const payload = {
      opportunityId: id,
      name: 'Quiet deal',
      customerId: id,
      ownerId: org.rep.id,
      lastInteractionAt: null,
      days: 14,
    };
    await emitAs(db(), org, null, {
      name: 'customer.interaction_reminder',
      stream: { type: 'opportunity', id },
      payload,
    });
    await suite.app.drainEvents();
    const about = async (userId: string) =>
      (await notificationsOf(db(), org, userId))
        .filter((n) => n.record_id === id)
        .map((n) => `${n.kind}: ${n.title}`);
    expect({ rep: await about(org.rep.id), manager: await about(org.manager.id) }).toEqual({
      rep: ['customer.interaction_reminder: No contact in 14 days: Quiet deal'],
      manager: [],
    });
  });

  it('a goal achieved reaches its owner and their managers', async () => {
    const { org } = suite;
    const goalId = '01900000-0000-7000-8000-000000000004';
    const payload = {
      goalId,
      name: 'Q1 revenue',
      percent: 100,
      value: '52000',
      target: '50000',
      metric: 'revenue_won',
      ownerUserId: org.rep.id,
      ownerTeamId: null,
    };
    await emitAs(db(), org, null, { name: 'goal.achieved', stream: { type: 'goal', id: goalId }, payload });
    await emitAs(db(), org, null, {
      name: 'goal.milestone_reached',
      stream: { type: 'goal', id: goalId },
      payload,
    });
    await suite.app.drainEvents();
    const about = async (userId: string) =>
      (await notificationsOf(db(), org, userId)).filter((n) => n.record_id === goalId).map((n) => n.kind);
    expect({
      rep: await about(org.rep.id),
      manager: await about(org.manager.id),
      admin: await about(org.admin.id),
    }).toEqual({
      rep: ['goal.achieved'],
      manager: ['goal.achieved'],
      admin: [],
    });
  });

  it('a manager announces to the teams they manage; only Org Admins announce to everyone', async () => {
    const { org, app } = suite;
    const manager = await signIn(app.url, org.manager);
    const refused = await manager.post('/api/v1/announcements', { title: 'Everyone!' });
    expect(refused.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(refused)).errors[0]?.path).toBe('body.teamIds');
    const response = await manager.post('/api/v1/announcements', {
      title: 'Pipeline review at 3',
      body: 'Bring your numbers',
      teamIds: [org.teamId],
    });
    expect(response.status).toBe(202);
    const everyone = await suite.admin.post('/api/v1/announcements', { title: 'Office closed Friday' });
    expect(everyone.status).toBe(202);
    await app.drainEvents();
    const titles = async (userId: string) =>
      (await notificationsOf(db(), org, userId))
        .filter((n) => n.kind === 'team.announcement')
        .map((n) => n.title);
    expect(await titles(org.rep.id)).toEqual(['Pipeline review at 3', 'Office closed Friday']);
    expect(await titles(org.otherRep.id)).toEqual(['Office closed Friday']);
    expect(await titles(org.manager.id)).toEqual(['Office closed Friday']);
    expect(await titles(org.admin.id)).toEqual([]);
  });
});

describe('chat channels and platform announcements', () => {
  it('skips Slack and Teams until a channel is registered, then delivers through it', async () => {
    const { org } = suite;
    const sent: { userId: string; title: string; link: string }[] = [];
    const unregister = registerChatChannel({
      platform: 'slack',
      deliverToChat: (user, message) => {
        if (user.userId === org.otherRep.id) return Promise.resolve('not_linked');
        sent.push({ userId: user.userId, title: message.title, link: message.link });
        return Promise.resolve('sent');
      },
    });
    try {
      // The rep linked a Slack account; the other rep did not.
      await db().transaction({ tenantId: org.tenantId }, (tx) =>
        tx.insert(chatLinks).values({
          tenantId: org.tenantId,
          platform: 'slack',
          workspaceExternalId: 'T0NOTIFY',
          externalUserId: 'U0RILEY',
          userId: org.rep.id,
        }),
      );
      const task = await seedTask(db(), org, {
        title: 'Chat me',
        createdBy: org.manager.id,
        assigneeIds: [org.rep.id, org.otherRep.id],
      });
      await taskEvent('task.assigned', task, org.manager.id, {
        addedAssigneeIds: [org.rep.id, org.otherRep.id],
        assignedBy: org.manager.id,
      });
      const mine = (await notificationsOf(db(), org, org.rep.id)).find((n) => n.record_id === task.id)!;
      const theirs = (await notificationsOf(db(), org, org.otherRep.id)).find(
        (n) => n.record_id === task.id,
      )!;
      const settled = (id: string) =>
        eventually(async () => {
          const slack = (await deliveriesOf(db(), org, id)).slack;
          return slack && slack.status !== 'pending' ? slack : undefined;
        });
      expect(await settled(mine.id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await settled(theirs.id)).toMatchObject({ status: 'skipped', detail: 'not linked to slack' });
      expect((await deliveriesOf(db(), org, mine.id)).teams).toMatchObject({
        status: 'skipped',
        detail: 'not linked to teams',
      });
      expect(sent).toEqual([
        { userId: org.rep.id, title: 'New task: Chat me', link: `http://closer.test/tasks/${task.id}` },
      ]);
    } finally {
      unregister();
    }
  });

  it('a platform announcement reaches every member of every organization, once', async () => {
    const { org, app } = suite;
    const platform = await signIn(app.url, await buildPlatformUser(db()));
    const response = await platform.post('/api/v1/platform/announcements', {
      kind: 'security',
      title: 'Rotate your API keys',
      body: 'Please.',
    });
    expect(response.status).toBe(201);
    const refused = await suite.admin.post('/api/v1/platform/announcements', {
      kind: 'feature',
      title: 'Nope',
    });
    expect(refused.status).toBe(403);
    const security = async (userId: string) =>
      (await notificationsOf(db(), org, userId))
        .filter((n) => n.kind === 'system.security')
        .map((n) => n.title);
    await eventually(async () => {
      await app.drainEvents();
      return (await security(org.otherRep.id)).length ? true : undefined;
    });
    for (const person of [org.admin, org.manager, org.rep, org.otherRep]) {
      expect(await security(person.id)).toEqual(['Rotate your API keys']);
    }
  });
});

describe('preferences', () => {
  it('answers the spec shape with defaults, and refuses bad input naming the field', async () => {
    const rep = await signIn(suite.app.url, suite.org.otherRep);
    const defaults = await json(await rep.get('/api/v1/me/notification-preferences'));
    expect(defaults).toMatchObject({
      taskAssignments: true,
      taskDeadlines: true,
      opportunityUpdates: true,
      goalAlerts: true,
      systemAnnouncements: true,
      emailDigest: 'none',
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
      timezone: 'UTC',
      channels: {},
      version: 1,
    });
    const cases: [object, string][] = [
      [{ quietHours: { enabled: true, start: '25:00', end: '07:00' } }, 'body.quietHours.start'],
      [{ quietHours: { enabled: true, start: '22:00', end: '7am' } }, 'body.quietHours.end'],
      [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ channels: { 'task.exploded': { email: false } } }, 'body.channels.task.exploded'],
      [{ channels: { 'task.assigned': { fax: true } } }, 'body.channels.task.assigned.fax'],
      [{ emailDigest: 'hourly' }, 'body.emailDigest'],
    ];
    for (const [body, path] of cases) {
      const response = await rep.request('PUT', '/api/v1/me/notification-preferences', body);
      expect({ body, status: response.status }).toEqual({ body, status: 422 });
      expect((await json<{ errors: { path: string }[] }>(response)).errors.map((e) => e.path)).toContain(
        path,
      );
    }
    const saved = await rep.request('PUT', '/api/v1/me/notification-preferences', {
      goalAlerts: false,
      emailDigest: 'weekly',
      timezone: 'Europe/Paris',
      channels: { 'task.assigned': { push: false } },
      version: 1,
    });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({
      goalAlerts: false,
      emailDigest: 'weekly',
      timezone: 'Europe/Paris',
      taskAssignments: true,
      version: 2,
    });
    const stale = await rep.request('PUT', '/api/v1/me/notification-preferences', {
      goalAlerts: true,
      version: 1,
    });
    expect(stale.status).toBe(409);
  });

  it('a category turned off keeps the inbox but skips the other channels; quiet hours hold the rest', async () => {
    const { org, app } = suite;
    const rep = await signIn(app.url, org.rep);
    await rep.request('PUT', '/api/v1/me/notification-preferences', { taskAssignments: false });
    const task = await seedTask(db(), org, { createdBy: org.manager.id, assigneeIds: [org.rep.id] });
    await taskEvent('task.assigned', task, org.manager.id, {
      addedAssigneeIds: [org.rep.id],
      assignedBy: org.manager.id,
    });
    const [off] = (await notificationsOf(db(), org, org.rep.id)).filter((n) => n.record_id === task.id);
    const skipped = await deliveriesOf(db(), org, off!.id);
    expect(skipped.in_app).toMatchObject({ status: 'sent' });
    expect(skipped.email).toMatchObject({ status: 'skipped', detail: 'preference off (taskAssignments)' });
    expect(skipped.slack).toMatchObject({ status: 'skipped' });

    // Quiet hours from an hour ago to an hour from now (UTC): the email waits until their end.
    const hhmm = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(11, 16);
    const end = hhmm(3_600_000);
    await rep.request('PUT', '/api/v1/me/notification-preferences', {
      taskAssignments: true,
      timezone: 'UTC',
      quietHours: { enabled: true, start: hhmm(-3_600_000), end },
    });
    const quiet = await seedTask(db(), org, { createdBy: org.manager.id, assigneeIds: [org.rep.id] });
    await taskEvent('task.assigned', quiet, org.manager.id, {
      addedAssigneeIds: [org.rep.id],
      assignedBy: org.manager.id,
    });
    const [held] = (await notificationsOf(db(), org, org.rep.id)).filter((n) => n.record_id === quiet.id);
    const deliveries = await deliveriesOf(db(), org, held!.id);
    expect(deliveries.in_app).toMatchObject({ status: 'sent' });
    expect(deliveries.email).toMatchObject({ status: 'pending', detail: 'held by quiet hours' });
    expect(new Date(deliveries.email!.not_before!).toISOString().slice(11, 16)).toBe(end);
    expect(new Date(deliveries.email!.not_before!).getTime()).toBeGreaterThan(Date.now());
    expect(deliveries.push).toMatchObject({ status: 'skipped', detail: 'no push subscription' });
    expect(deliveries.teams).toMatchObject({ status: 'skipped', detail: 'not linked to teams' });
    // Turned off while held: the delivery does not go out when its time comes.
    await rep.request('PUT', '/api/v1/me/notification-preferences', {
      taskAssignments: false,
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
    });
    const worker = {
      db: db(),
      queue: app.queue,
      config: app.config,
      logger: createLogger({ level: 'silent' }),
    };
    await deliverNotification(worker, {
      tenantId: org.tenantId,
      deliveryId: deliveries.email!.id,
      retryLimit: 1,
    });
    expect((await deliveriesOf(db(), org, held!.id)).email).toMatchObject({
      status: 'skipped',
      detail: 'preference off (taskAssignments)',
    });
    await rep.request('PUT', '/api/v1/me/notification-preferences', { taskAssignments: true });
  });
});

describe('inbox', () => {
  it('lists, counts, reads one and all; another member\u2019s notification is a 404', async () => {
    const { org, app } = suite;
    const rep = await signIn(app.url, org.otherRep);
    await rep.post('/api/v1/notifications/read-all');
    const tasks = [];
    for (let i = 0; i < 3; i++) {
      const task = await seedTask(db(), org, {
        title: `Inbox ${i}`,
        createdBy: org.manager.id,
        assigneeIds: [org.otherRep.id],
      });
      await taskEvent('task.assigned', task, org.manager.id, {
        addedAssigneeIds: [org.otherRep.id],
        assignedBy: org.manager.id,
      });
      tasks.push(task);
    }
    expect(await json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ count: 3 });
    const first = await json<{
      items: { id: string; title: string; readAt: string | null }[];
      nextCursor: string;
    }>(await rep.get('/api/v1/notifications?unread=true&limit=2'));
    expect(first.items.map((item) => item.title)).toEqual(['New task: Inbox 2', 'New task: Inbox 1']);
    const second = await json<{ items: { id: string; title: string }[]; nextCursor: string | null }>(
      await rep.get(`/api/v1/notifications?unread=true&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.items.map((item) => item.title)).toEqual(['New task: Inbox 0']);
    expect(second.nextCursor).toBeNull();

    const read = await rep.post(`/api/v1/notifications/${first.items[0]!.id}/read`);
    expect(read.status).toBe(200);
    expect((await json<{ readAt: string | null }>(read)).readAt).not.toBeNull();
    expect(await json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ count: 2 });
    const detail = await json<{ deliveries: { channel: string; status: string }[] }>(
      await rep.get(`/api/v1/notifications/${first.items[0]!.id}`),
    );
    expect(detail.deliveries.map((d) => d.channel).sort()).toEqual([
      'email',
      'in_app',
      'push',
      'slack',
      'teams',
    ]);

    const someoneElse = await signIn(app.url, org.rep);
    expect((await someoneElse.get(`/api/v1/notifications/${first.items[0]!.id}`)).status).toBe(404);
    expect((await someoneElse.post(`/api/v1/notifications/${first.items[0]!.id}/read`)).status).toBe(404);

    expect(await json(await rep.post('/api/v1/notifications/read-all'))).toEqual({ count: 2 });
    expect(await json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ count: 0 });
    await app.drainEvents();
    const readEvents = await db().transaction({ tenantId: org.tenantId }, (tx) =>
      queryRows<{ payload: { notificationIds: string[] } }>(
        tx,
        sql`select payload from domain_events where name = 'notification.read' and payload ->> 'userId' = ${org.otherRep.id} order by position`,
      ),
    );
    expect(readEvents.at(-2)?.payload.notificationIds).toEqual([first.items[0]!.id]);
    expect(readEvents.at(-1)?.payload.notificationIds).toHaveLength(2);
  });

  it('hides a notification about a task the member may no longer see', async () => {
    const { org, app } = suite;
    const rep = await signIn(app.url, org.otherRep);
    await rep.post('/api/v1/notifications/read-all');
    const task = await seedTask(db(), org, {
      visibility: 'private',
      title: 'Secret',
      createdBy: org.manager.id,
      assigneeIds: [org.otherRep.id],
    });
    await taskEvent('task.assigned', task, org.manager.id, {
      addedAssigneeIds: [org.otherRep.id],
      assignedBy: org.manager.id,
    });
    const listed = async () =>
      (await json<{ items: { title: string }[] }>(await rep.get('/api/v1/notifications'))).items.map(
        (i) => i.title,
      );
    expect(await listed()).toContain('New task: Secret');
    expect(await json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ count: 1 });
    await db().transaction({ tenantId: org.tenantId }, (tx) =>
      tx.execute(sql`delete from task_assignees where task_id = ${task.id}`),
    );
    expect(await listed()).not.toContain('New task: Secret');
    expect(await json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ count: 0 });
  });
});

// Last: it keeps the database busy for seconds without HTTP, which idle keep-alive connections dislike.
describe('scale', () => {
  it('tells 1,200 members at once (inserts in chunks), and a second run of the same key writes nothing', async () => {
    const big = await buildOrganization(db(), { name: 'Big Co' });
    const ids = Array.from({ length: 1_200 }, () => newId());
    await db().transaction({ tenantId: big.tenantId, platform: true }, async (tx) => {
      for (let start = 0; start < ids.length; start += 500) {
        const chunk = ids.slice(start, start + 500);
        await tx.insert(users).values(chunk.map((id) => ({ id, email: `${id}@big.test`, name: 'Member' })));
        await tx
          .insert(memberships)
          .values(
            chunk.map((userId) => ({ tenantId: big.tenantId, userId, roleId: big.roles.sales_rep.id })),
          );
      }
    });
    const deps = { queue: suite.app.queue, config: suite.app.config };
    const draft = {
      kind: 'goal.milestone' as const,
      recipients: everyMember(),
      title: 'Halfway there',
      body: '',
      link: '/goals',
      record: null,
      data: {},
    };
    const run = () =>
      db().transaction({ tenantId: big.tenantId }, (tx) =>
        notify(tx, deps, {
          tenantId: big.tenantId,
          actorId: big.admin.id,
          dedupeKey: 'scale:1',
          drafts: [draft],
        }),
      );
    expect(await run()).toHaveLength(1_200 + 3); // the factory's manager, rep and other rep too
    expect(await run()).toHaveLength(0);
    const [counts] = await db().transaction({ tenantId: big.tenantId }, (tx) =>
      queryRows<{ notifications: number; in_app: number; pending: number }>(
        tx,
        sql`select (select count(*)::int from notifications) as notifications,
          (select count(*)::int from notification_deliveries where channel = 'in_app' and status = 'sent') as in_app,
          (select count(*)::int from notification_deliveries where status = 'pending') as pending`,
      ),
    );
    expect(counts).toEqual({ notifications: 1_203, in_app: 1_203, pending: 0 });
  });
});
