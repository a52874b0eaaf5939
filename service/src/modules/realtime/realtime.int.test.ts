import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { and, eq, sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { newId } from '../../core/db/columns.js';
import { queryRows } from '../../core/db/database.js';
import { emitEvent, type DeliveredEvent } from '../../core/events/events.js';
import { tasks, taskAssignees } from '../tasks/tasks.tables.js';
import { memberships } from '../../core/db/schema.js';
import { buildOrganization, setTenantStatus, signIn, type TestPerson } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { defaultPipelineOf, insertCustomer } from '../opportunities/opportunities.fixtures.js';
import { cleanupRealtime } from './realtime.commands.js';
import { audience } from './realtime.policy.js';
import { publishDomainEvent } from './realtime.publish.js';
import { insertEvent } from './realtime.repo.js';
import type { RealtimeMessage } from './realtime.schema.js';
import { connectRealtime, type RealtimeTestClient } from './realtime.test-client.js';

const ORIGIN = 'http://closer.test';
const suite = useOrganizationApp();
const open: RealtimeTestClient[] = [];
let people: Record<'admin' | 'manager' | 'rep' | 'otherRep', TestClient>;

beforeAll(async () => {
  const { app, org } = suite;
  people = {
    admin: suite.admin,
    manager: await signIn(app.url, org.manager),
    rep: await signIn(app.url, org.rep),
    otherRep: await signIn(app.url, org.otherRep),
  };
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

/** A signed-in person's socket, from Closer's own origin, once it is ready (caught up). */
async function connect(
  who: keyof typeof people,
  options: { query?: string; app?: TestApp } = {},
): Promise<RealtimeTestClient> {
  const client = connectRealtime((options.app ?? suite.app).url, {
    cookie: people[who].cookie,
    origin: ORIGIN,
    query: options.query,
  });
  open.push(client);
  await client.next('connection.ready');
  return client;
}

function refused(options: Parameters<typeof connectRealtime>[1], query?: string) {
  const client = connectRealtime(suite.app.url, { ...options, query });
  open.push(client);
  return client;
}

let markers = 0;
/**
 * An event every member receives, written after the ones under test: a socket that has the marker has
 * been sent everything written before it (each organization's events go out in order).
 */
async function marker(): Promise<string> {
  const title = `marker-${++markers}`;
  await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
    insertEvent(tx, {
      tenantId: suite.org.tenantId,
      name: 'system.announcement',
      recordType: 'announcement',
      recordId: newId(),
      payload: { title },
      audience: audience.everyone(),
    }),
  );
  return title;
}
const isMarker = (title: string) => (message: RealtimeMessage) => message.data.title === title;

/** The messages a client got before the marker. */
async function before(client: RealtimeTestClient, title: string): Promise<RealtimeMessage[]> {
  const at = await client.next(isMarker(title));
  return client.messages.slice(0, client.messages.indexOf(at));
}

const about = (recordId: string) => (message: RealtimeMessage) =>
  Object.values(message.data).includes(recordId);

describe('connecting to /ws', () => {
  test('a session cookie from Closer’s own origin connects; the first message says where to resume', async () => {
    const client = await connect('rep');
    const ready = client.messages[0]!;
    expect(ready).toMatchObject({ name: 'connection.ready', data: { userId: suite.org.rep.id, resumed: 0 } });
  });

  test('an API key in the Authorization header connects, from any origin or none', async () => {
    const response = await people.admin.post('/api/v1/api-keys', {
      name: 'socket',
      permissions: ['org.manage_users'],
    });
    expect(response.status).toBe(201);
    const created = await json<{ secret: string }>(response);
    const client = refused({ bearer: created.secret });
    expect((await client.next('connection.ready')).data.userId).toBe(suite.org.admin.id);
  });

  test('a cookie sent from another origin, or with no origin, is closed with 4403 and nothing else', async () => {
    for (const origin of ['http://evil.test', undefined]) {
      const client = refused({ cookie: people.rep.cookie, origin });
      const { code } = await client.closed;
      expect({ origin, code, messages: client.messages }).toEqual({ origin, code: 4403, messages: [] });
    }
  });

  test('a bad cookie, a bad key or no credentials at all: 4401, nothing sent, nothing said about why', async () => {
    const attempts = [
      { cookie: 'closer_session=not-a-session', origin: ORIGIN },
      { bearer: 'ck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { headers: { authorization: 'Basic abc' } },
      {},
    ];
    const reasons = new Set<string>();
    for (const attempt of attempts) {
      const client = refused(attempt);
      const { code, reason } = await client.closed;
      expect({ attempt, code, messages: client.messages }).toEqual({ attempt, code: 4401, messages: [] });
      reasons.add(reason);
    }
    expect(reasons.size).toBe(1);
  });

  test('an upgrade on another path is a 404', async () => {
    const ws = new WebSocket(`${suite.app.url.replace('http', 'ws')}/api/v1/ws`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });

  test('signing out closes the session’s socket with 4401', async () => {
    const session = await signIn(suite.app.url, suite.org.rep);
    const client = connectRealtime(suite.app.url, { cookie: session.cookie, origin: ORIGIN });
    open.push(client);
    await client.next('connection.ready');
    expect((await session.post('/api/v1/auth/logout')).status).toBeLessThan(300);
    expect((await client.closed).code).toBe(4401);
  });
});

/** A private task of the manager's, assigned to the rep, told as the tasks module tells it. */
async function privateTaskAssigned(): Promise<string> {
  const { org, app } = suite;
  const taskId = newId();
  await app.database.db.transaction({ tenantId: org.tenantId }, async (tx) => {
    await tx.insert(tasks).values({
      tenantId: org.tenantId,
      id: taskId,
      title: 'Quietly check the Q3 numbers',
      visibility: 'private',
      createdBy: org.manager.id,
    });
    await tx.insert(taskAssignees).values({ tenantId: org.tenantId, taskId, userId: org.rep.id });
    await emitEvent(tx, org.tenantId, {
      name: 'task.assigned',
      stream: { type: 'task', id: taskId },
      payload: {
        taskId,
        title: 'Quietly check the Q3 numbers',
        visibility: 'private',
        priority: 'medium',
        status: 'todo',
        dueAt: null,
        createdBy: org.manager.id,
        assigneeIds: [org.rep.id],
        watcherIds: [],
        customerId: null,
        opportunityId: null,
        addedAssigneeIds: [org.rep.id],
        assignedBy: org.manager.id,
      },
    });
  });
  await app.drainEvents();
  return taskId;
}

describe('who receives what', () => {
  test('a private task’s events reach its assignee and their manager, not the other rep nor the Org Admin', async () => {
    const clients = {
      rep: await connect('rep'),
      manager: await connect('manager'),
      otherRep: await connect('otherRep'),
      admin: await connect('admin'),
    };
    const taskId = await privateTaskAssigned();
    const title = await marker();
    const got = async (client: RealtimeTestClient) => (await before(client, title)).filter(about(taskId));
    expect((await got(clients.rep)).map((m) => m.name)).toEqual(['task.assigned']);
    expect(await got(clients.manager)).toEqual([
      expect.objectContaining({
        name: 'task.assigned',
        data: expect.objectContaining({ taskId, addedAssigneeIds: [suite.org.rep.id] }) as object,
      }),
    ]);
    expect(await got(clients.otherRep)).toEqual([]);
    expect(await got(clients.admin)).toEqual([]);
  });

  test('a private task made and completed through /api/v1/tasks: its events reach only the assignee and their manager', async () => {
    const clients = {
      rep: await connect('rep'),
      manager: await connect('manager'),
      otherRep: await connect('otherRep'),
      admin: await connect('admin'),
    };
    const created = await people.manager.post('/api/v1/tasks', {
      title: 'Private review of the Q4 plan',
      visibility: 'private',
      assigneeIds: [suite.org.rep.id],
    });
    expect(created.status).toBe(201);
    const task = await json<{ id: string; version: number }>(created);
    const done = await people.rep.patch(`/api/v1/tasks/${task.id}`, {
      version: task.version,
      status: 'done',
    });
    expect(done.status).toBe(200);
    await suite.app.drainEvents();
    const title = await marker();
    const names = async (client: RealtimeTestClient) =>
      (await before(client, title)).filter(about(task.id)).map((m) => m.name);
    expect(await names(clients.rep)).toEqual(expect.arrayContaining(['task.assigned', 'task.completed']));
    expect(await names(clients.manager)).toEqual(await names(clients.rep));
    expect(await names(clients.otherRep)).toEqual([]);
    expect(await names(clients.admin)).toEqual([]);
  });

  test('opportunity.stage_changed reaches the owner, their manager and the Org Admin, not the other rep', async () => {
    const { org, app } = suite;
    const clients = {
      rep: await connect('rep'),
      manager: await connect('manager'),
      otherRep: await connect('otherRep'),
      admin: await connect('admin'),
    };
    const moved = await moveADeal(app, people.rep, org.rep);
    const title = await marker();
    const got = async (client: RealtimeTestClient) =>
      (await before(client, title)).filter(
        (m) => m.name === 'opportunity.stage_changed' && about(moved.id)(m),
      );
    const [seen] = await got(clients.rep);
    expect(seen?.data).toMatchObject({
      opportunityId: moved.id,
      toStageId: moved.stageId,
      ownerId: org.rep.id,
    });
    expect(await got(clients.manager)).toHaveLength(1);
    expect(await got(clients.admin)).toHaveLength(1);
    expect(await got(clients.otherRep)).toEqual([]);
  });
});

/** The owner creates a deal and moves it to the second open stage, through the API; events delivered. */
async function moveADeal(app: TestApp, owner: TestClient, person: TestPerson) {
  const { org } = suite;
  const pipeline = await defaultPipelineOf(app.database.db, org.tenantId);
  const customerId = await insertCustomer(app.database.db, org.tenantId, {
    name: 'Initech',
    ownerId: person.id,
  });
  const created = await json<{ id: string; version: number }>(
    await owner.post('/api/v1/opportunities', { name: `Deal ${newId().slice(-6)}`, customerId }),
  );
  const stageId = pipeline.open[1]!;
  const response = await owner.post(`/api/v1/opportunities/${created.id}/stage`, {
    stageId,
    version: created.version,
  });
  expect(response.status).toBe(200);
  await app.drainEvents();
  return { id: created.id, stageId };
}

/** A `notification.new` for a user, as the notifications module tells it. */
async function notify(userId: string, title: string): Promise<void> {
  const { org, app } = suite;
  const notificationId = newId();
  await app.database.db.transaction({ tenantId: org.tenantId }, (tx) =>
    emitEvent(tx, org.tenantId, {
      name: 'notification.new',
      stream: { type: 'notification', id: notificationId },
      payload: { notificationId, userId, kind: 'task_assigned', title },
    }),
  );
  await app.drainEvents();
}

describe('resuming after a reconnect', () => {
  test('a client reconnecting with the last id it saw gets exactly what it missed, then live events', async () => {
    const { org } = suite;
    const first = await connect('rep');
    const lastId = first.messages.at(-1)!.id!;
    await first.close();
    await notify(org.rep.id, 'missed one');
    await notify(org.otherRep.id, 'not yours');
    await notify(org.rep.id, 'missed two');

    const again = await connect('rep', { query: `?lastEventId=${lastId}` });
    const replayed = again.messages.slice(0, -1);
    const ids = replayed.map((message) => message.id!);
    expect(ids.every((id) => id > lastId)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(replayed.filter((m) => m.name === 'notification.new').map((m) => m.data.title)).toEqual([
      'missed one',
      'missed two',
    ]);
    // Its own going offline while it was away, and back online, are among what it missed; nothing else.
    expect(replayed.filter((m) => m.name !== 'notification.new').map((m) => [m.name, m.data.userId])).toEqual(
      [
        ['user.offline', org.rep.id],
        ['user.online', org.rep.id],
      ],
    );
    expect(again.messages.at(-1)).toMatchObject({
      name: 'connection.ready',
      data: { resumed: replayed.length },
    });

    await notify(org.rep.id, 'live');
    const title = await marker();
    const live = (await before(again, title)).filter((m) => m.data.title === 'live');
    expect(live).toHaveLength(1);
  });

  test('the same through the Last-Event-ID header', async () => {
    const first = await connect('rep');
    const lastId = first.messages.at(-1)!.id!;
    await first.close();
    await notify(suite.org.rep.id, 'by header');
    const client = connectRealtime(suite.app.url, {
      cookie: people.rep.cookie,
      origin: ORIGIN,
      headers: { 'last-event-id': String(lastId) },
    });
    open.push(client);
    await client.next('connection.ready');
    expect(client.messages.map((m) => m.data.title)).toContain('by header');
  });

  test('an unknown last id (not a number, newer than the newest, another organization’s) closes 4409, nothing sent', async () => {
    const { app } = suite;
    const other = await buildOrganization(app.database.db);
    await app.database.db.transaction({ tenantId: other.tenantId }, (tx) =>
      insertEvent(tx, {
        tenantId: other.tenantId,
        name: 'system.announcement',
        recordType: 'announcement',
        recordId: newId(),
        payload: { title: 'theirs' },
        audience: audience.everyone(),
      }),
    );
    const [theirs] = await app.database.db.transaction({ tenantId: other.tenantId }, (tx) =>
      queryRows<{ id: number }>(tx, sql`select max(id)::float8 as id from realtime_events`),
    );
    for (const lastEventId of ['abc', '-1', '1e3', '999999999999', String(theirs!.id)]) {
      const client = refused({ cookie: people.rep.cookie, origin: ORIGIN }, `?lastEventId=${lastEventId}`);
      const { code } = await client.closed;
      expect({ lastEventId, code, messages: client.messages }).toEqual({
        lastEventId,
        code: 4409,
        messages: [],
      });
    }
  });
});

describe('presence', () => {
  test('user.online when someone connects, user.offline when their last socket closes; GET /presence agrees', async () => {
    const { org } = suite;
    const watcher = await connect('otherRep');
    const names = async () =>
      (await json<{ items: { name: string }[] }>(await people.otherRep.get('/api/v1/presence'))).items.map(
        (item) => item.name,
      );
    expect(await names()).not.toContain('Morgan Manager');

    const first = await connect('manager');
    const second = await connect('manager');
    expect(
      (await watcher.next((m) => m.name === 'user.online' && m.data.userId === org.manager.id)).data,
    ).toEqual({
      userId: org.manager.id,
      name: 'Morgan Manager',
    });
    expect(await names()).toEqual(expect.arrayContaining(['Morgan Manager', 'Sam Rep']));

    await first.close();
    await second.close();
    await watcher.next((m) => m.name === 'user.offline' && m.data.userId === org.manager.id);
    const onlineEvents = watcher.messages.filter(
      (m) => m.name === 'user.online' && m.data.userId === org.manager.id,
    );
    expect(onlineEvents).toHaveLength(1);
    expect(await names()).not.toContain('Morgan Manager');
  });

  test('the cleanup takes members whose process stopped beating offline, and removes events past an hour', async () => {
    const { org, app } = suite;
    const db = app.database.db;
    const watcher = await connect('otherRep');
    await db.transaction({ tenantId: org.tenantId }, async (tx) => {
      await tx.execute(sql`insert into presence (tenant_id, user_id, instance_id, heartbeat_at)
        values (${org.tenantId}, ${org.admin.id}, 'crashed', now() - interval '5 minutes')`);
      await tx.execute(sql`insert into realtime_events (tenant_id, name, payload, audience, created_at)
        values (${org.tenantId}, 'system.announcement', '{}', array[${org.admin.id}]::uuid[], now() - interval '2 hours')`);
    });
    const result = await cleanupRealtime({ db });
    expect(result.eventsDeleted).toBeGreaterThanOrEqual(1);
    expect(result.wentOffline).toBe(1);
    await watcher.next((m) => m.name === 'user.offline' && m.data.userId === org.admin.id);
    const [left] = await db.transaction({ tenantId: org.tenantId }, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from presence where instance_id = 'crashed'`,
      ),
    );
    expect(left!.n).toBe(0);
  });
});

describe('access that changes while connected', () => {
  test('a member given another role is closed with 4412; a suspended organization’s sockets with 4403', async () => {
    const { app } = suite;
    const db = app.database.db;
    const other = await buildOrganization(db);
    const session = await signIn(app.url, other.rep);
    const connectRep = async () => {
      const client = connectRealtime(app.url, { cookie: session.cookie, origin: ORIGIN });
      open.push(client);
      await client.next('connection.ready');
      return client;
    };
    const demoted = await connectRep();
    await db.transaction({ tenantId: other.tenantId, platform: true }, (tx) =>
      tx
        .update(memberships)
        .set({ roleId: other.roles.team_manager.id })
        .where(and(eq(memberships.tenantId, other.tenantId), eq(memberships.userId, other.rep.id))),
    );
    expect((await demoted.closed).code).toBe(4412);

    const suspended = await connectRep();
    await setTenantStatus(db, other.tenantId, 'suspended');
    expect((await suspended.closed).code).toBe(4403);
  });
});

describe('across instances', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await startTestApp({ database: suite.app.database });
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
    await second.close();
  });

  test('a stage change made through one instance reaches sockets on the other (LISTEN/NOTIFY)', async () => {
    const onSecond = await connect('manager', { app: second });
    const onFirst = await connect('otherRep');
    const moved = await moveADeal(suite.app, people.rep, suite.org.rep);
    const seen = await onSecond.next((m) => m.name === 'opportunity.stage_changed' && about(moved.id)(m));
    expect(seen.data.toStageId).toBe(moved.stageId);
    const title = await marker();
    expect((await before(onFirst, title)).filter(about(moved.id))).toEqual([]);
  });
});

describe('publishing', () => {
  test('a domain event delivered twice writes one realtime event', async () => {
    const { org, app } = suite;
    const event: DeliveredEvent = {
      tenantId: org.tenantId,
      position: 987_654_321,
      name: 'notification.new',
      streamType: 'notification',
      streamId: newId(),
      payload: { notificationId: newId(), userId: org.rep.id, kind: 'x', title: 'twice' },
      actorId: null,
      via: 'system',
      occurredAt: new Date(),
    };
    const count = await app.database.db.transaction(
      { tenantId: org.tenantId, system: 'events' },
      async (tx) => {
        await publishDomainEvent(tx, event);
        await publishDomainEvent(tx, event);
        return queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from realtime_events where source_position = 987654321`,
        );
      },
    );
    expect(count[0]!.n).toBe(1);
  });
});
