/**
 * Web push end to end against a push service on loopback that does what real ones do: checks the
 * VAPID token (RFC 8292) and decrypts the aes128gcm body (RFC 8291) with the browser's keys, answers
 * 410 for a subscription that is gone and 500 for a broken one.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { browserKeys, ece, startPushService } from '../../test/push-service.js';
import { useOrganizationApp } from '../../test/suite.js';
import { deliveriesOf, emitAs, eventually, notificationsOf, seedTask } from './notifications.fixtures.js';

/** Verifies `Authorization: vapid t=<jwt>, k=<key>` as a push service must; returns the JWT claims. */
function verifyVapid(authorization: string | undefined, publicKey: string, audience: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  expect(match).not.toBeNull();
  const [, token, key] = match!;
  expect(key).toBe(publicKey);
  const [header, claims, signature] = token!.split('.');
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'ES256' });
  const raw = Buffer.from(key!, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: raw.subarray(1, 33).toString('base64url'),
    y: raw.subarray(33, 65).toString('base64url'),
  };
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature!, 'base64url'),
  );
  expect(valid).toBe(true);
  const payload = JSON.parse(Buffer.from(claims!, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  expect(payload.aud).toBe(audience);
  const now = Date.now() / 1000;
  expect(payload.exp).toBeGreaterThan(now);
  expect(payload.exp).toBeLessThanOrEqual(now + 24 * 60 * 60);
  expect(payload.sub).toMatch(/^(mailto:|https:)/);
  return payload;
}

let push: Awaited<ReturnType<typeof startPushService>>;
beforeAll(async () => {
  push = await startPushService();
});
afterAll(async () => {
  await new Promise((resolve) => push.server.close(resolve));
});

const suite = useOrganizationApp({
  env: {
    PUSH_ALLOW_LOOPBACK_HTTP: '1',
    NOTIFICATION_RETRY_LIMIT: '1',
    NOTIFICATION_RETRY_DELAY_SECONDS: '1',
  },
});
const db = () => suite.app.database.db;

async function subscribe(client: TestClient, path: string) {
  const browser = browserKeys();
  const response = await client.post('/api/v1/push-subscriptions', {
    endpoint: `${push.url}${path}`,
    keys: browser.keys,
  });
  expect(response.status).toBe(201);
  return { ...browser, subscription: await json<{ id: string; endpoint: string }>(response) };
}

/** Assigns a new task to `userId` and returns its notification once its push delivery is settled. */
async function assign(userId: string, title: string) {
  const { org } = suite;
  const task = await seedTask(db(), org, { title, createdBy: org.manager.id, assigneeIds: [userId] });
  await emitAs(db(), org, org.manager.id, {
    name: 'task.assigned',
    stream: { type: 'task', id: task.id },
    payload: { ...task.payload, addedAssigneeIds: [userId], assignedBy: org.manager.id },
  });
  await suite.app.drainEvents();
  const [notification] = (await notificationsOf(db(), org, userId)).filter((n) => n.record_id === task.id);
  return notification!;
}

async function settledPush(notificationId: string, statuses: string[]) {
  return eventually(async () => {
    const push = (await deliveriesOf(db(), suite.org, notificationId)).push;
    return push && statuses.includes(push.status) ? push : undefined;
  }, 30_000);
}

describe('web push', () => {
  it('hands out the VAPID public key, and validates subscriptions', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const key = await json<{ publicKey: string }>(await rep.get('/api/v1/push/vapid-public-key'));
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(65);
    const bad = await rep.post('/api/v1/push-subscriptions', {
      endpoint: 'http://push.example.com/x',
      keys: browserKeys().keys,
    });
    expect(bad.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(bad)).errors[0]?.path).toBe('body.endpoint');
    const badKey = await rep.post('/api/v1/push-subscriptions', {
      endpoint: `${push.url}/ok/x`,
      keys: { p256dh: 'nope', auth: 'nope' },
    });
    expect(badKey.status).toBe(422);
  });

  it('delivers a signed, encrypted push that the push service verifies and decrypts', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const { publicKey } = await json<{ publicKey: string }>(await rep.get('/api/v1/push/vapid-public-key'));
    const browser = await subscribe(rep, '/ok/rep-1');
    const notification = await assign(suite.org.rep.id, 'Call Globex back');
    const delivery = await settledPush(notification.id, ['sent', 'failed', 'dead']);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });

    const request = push.requests.find((r) => r.path === '/ok/rep-1')!;
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request.headers.ttl)).toBeGreaterThan(0);
    verifyVapid(request.headers.authorization, publicKey, push.url);
    expect(request.body.length).toBeLessThanOrEqual(4096);
    const plain = ece.decrypt(request.body, {
      version: 'aes128gcm',
      privateKey: browser.ecdh,
      authSecret: browser.keys.auth,
    });
    expect(JSON.parse(plain.toString('utf8'))).toEqual({
      title: 'New task: Call Globex back',
      body: expect.stringContaining('Morgan Manager assigned you "Call Globex back"') as unknown as string,
      link: expect.stringMatching(/^http:\/\/closer\.test\/tasks\/[0-9a-f-]{36}$/) as unknown as string,
      kind: 'task.assigned',
      notificationId: notification.id,
    });
    const listed = await json<{ items: { id: string; lastUsedAt: string | null }[] }>(
      await rep.get('/api/v1/push-subscriptions'),
    );
    expect(listed.items.find((item) => item.id === browser.subscription.id)?.lastUsedAt).not.toBeNull();
    expect((await rep.delete(`/api/v1/push-subscriptions/${browser.subscription.id}`)).status).toBe(204);
    expect((await rep.delete(`/api/v1/push-subscriptions/${browser.subscription.id}`)).status).toBe(404);
  });

  it('removes a subscription the push service says is gone (410)', async () => {
    const other = await signIn(suite.app.url, suite.org.otherRep);
    const browser = await subscribe(other, '/gone/other-1');
    const notification = await assign(suite.org.otherRep.id, 'Gone browser');
    const delivery = await settledPush(notification.id, ['sent', 'skipped', 'failed', 'dead']);
    expect(delivery).toMatchObject({ status: 'skipped', detail: 'push subscription expired (removed)' });
    const listed = await json<{ items: { id: string }[] }>(await other.get('/api/v1/push-subscriptions'));
    expect(listed.items.map((item) => item.id)).not.toContain(browser.subscription.id);
  });

  it('retries a failing push service, then the delivery is dead and on the dead-letter list', async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    await subscribe(manager, '/broken/manager-1');
    const { org } = suite;
    // The manager is told when the rep completes a task of theirs.
    const task = await seedTask(db(), org, {
      title: 'Broken push',
      createdBy: org.manager.id,
      assigneeIds: [org.rep.id],
    });
    await emitAs(db(), org, org.rep.id, {
      name: 'task.completed',
      stream: { type: 'task', id: task.id },
      payload: task.payload,
    });
    await suite.app.drainEvents();
    const [notification] = (await notificationsOf(db(), org, org.manager.id)).filter(
      (n) => n.record_id === task.id,
    );
    const delivery = await settledPush(notification!.id, ['sent', 'skipped', 'dead']);
    expect(delivery).toMatchObject({ status: 'dead', attempts: 2 });
    expect(delivery.detail).toMatch(/push service answered 500/);
    expect(push.requests.filter((r) => r.path === '/broken/manager-1')).toHaveLength(2);

    const dead = await json<{ items: { id: string; status: string; channel: string }[] }>(
      await suite.admin.get('/api/v1/notifications/deliveries?status=dead'),
    );
    expect(dead.items).toContainEqual(
      expect.objectContaining({ id: delivery.id, status: 'dead', channel: 'push' }),
    );
    const log = await json<{ deliveries: { channel: string; status: string; attempts: number }[] }>(
      await manager.get(`/api/v1/notifications/${notification!.id}`),
    );
    expect(log.deliveries).toContainEqual(
      expect.objectContaining({ channel: 'push', status: 'dead', attempts: 2 }),
    );
    expect((await manager.get('/api/v1/notifications/deliveries?status=dead')).status).toBe(403);
  });
});
