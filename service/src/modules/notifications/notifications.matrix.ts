import { expect } from '@jest/globals';
import { newId } from '../../core/db/columns.js';
import type { Database } from '../../core/db/database.js';
import { json } from '../../test/http-client.js';
import {
  allow,
  everyone,
  expectStatus,
  idOf,
  NO_TENANT,
  row,
  signedIn,
  unique,
  type Caller,
  type MatrixWorld,
  type ModuleMatrix,
} from '../../matrix/matrix.js';
import { notificationSecrets } from './notification-secrets.js';
import { notifications } from './notifications.tables.js';
import { signUnsubscribe } from './unsubscribe-token.js';

/** Members of the organization, each on what is theirs; platform staff are in no organization. */
const members = (status: number) => signedIn(status, { superAdmin: 409, support: 409 });
const MEMBER_CODES = NO_TENANT;

/** A notification of `userId`, written straight into its table. */
async function notificationFor(db: Database, tenantId: string, userId: string): Promise<string> {
  const id = newId();
  await db.transaction({ tenantId }, (tx) =>
    tx.insert(notifications).values({
      tenantId,
      id,
      userId,
      kind: 'team.announcement',
      title: 'Matrix',
      dedupeKey: `matrix:${id}`,
    }),
  );
  return id;
}

/** The caller's own notification (callers outside the organization get the admin's: refused before). */
function ownNotification(w: MatrixWorld, caller: Caller): Promise<string> {
  const inOrg = ['orgAdmin', 'teamManager', 'salesRep', 'customRole'].includes(caller);
  return notificationFor(w.app.database.db, w.org.tenantId, inOrg ? w.person(caller).id : w.org.admin.id);
}

async function unsubscribeLink(w: MatrixWorld): Promise<string> {
  const { signingKey } = await notificationSecrets(w.app.config);
  const token = signUnsubscribe(signingKey, {
    tenantId: w.org.tenantId,
    userId: w.org.rep.id,
    kind: 'task.assigned',
  });
  return `/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

const pushBody = () => ({
  endpoint: `https://push.example.com/${unique('endpoint')}`,
  keys: {
    p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
});

export const matrix: ModuleMatrix = {
  routes: [
    // The inbox: every member, their own notifications only
    row(
      'GET',
      '/api/v1/notifications',
      members(200),
      (w, c) => w.client(c).get('/api/v1/notifications'),
      MEMBER_CODES,
    ),
    row(
      'GET',
      '/api/v1/notifications/unread-count',
      members(200),
      (w, c) => w.client(c).get('/api/v1/notifications/unread-count'),
      MEMBER_CODES,
    ),
    row('GET', '/api/v1/notifications/deliveries', allow({ orgAdmin: 200 }), (w, c) =>
      w.client(c).get('/api/v1/notifications/deliveries?status=dead'),
    ),
    row(
      'POST',
      '/api/v1/notifications/read-all',
      members(200),
      (w, c) => w.client(c).post('/api/v1/notifications/read-all'),
      MEMBER_CODES,
    ),
    row(
      'GET',
      '/api/v1/notifications/:id',
      members(200),
      async (w, c) => w.client(c).get(`/api/v1/notifications/${await ownNotification(w, c)}`),
      MEMBER_CODES,
    ),
    row(
      'POST',
      '/api/v1/notifications/:id/read',
      members(200),
      async (w, c) => w.client(c).post(`/api/v1/notifications/${await ownNotification(w, c)}/read`),
      MEMBER_CODES,
    ),
    // One-click unsubscribe: the signed link is the credential, no session
    row('GET', '/api/v1/notifications/unsubscribe', everyone(200), async (w, c) =>
      w.client(c).get(await unsubscribeLink(w)),
    ),
    row('POST', '/api/v1/notifications/unsubscribe', everyone(200), async (w, c) =>
      w.client(c).post(await unsubscribeLink(w)),
    ),
    // Preferences: every member, their own
    row(
      'GET',
      '/api/v1/me/notification-preferences',
      members(200),
      (w, c) => w.client(c).get('/api/v1/me/notification-preferences'),
      MEMBER_CODES,
    ),
    row(
      'PUT',
      '/api/v1/me/notification-preferences',
      members(200),
      (w, c) => w.client(c).request('PUT', '/api/v1/me/notification-preferences', { goalAlerts: true }),
      MEMBER_CODES,
    ),
    // Web push: the key for anyone signed in; subscriptions of members, their own
    row('GET', '/api/v1/push/vapid-public-key', signedIn(200), (w, c) =>
      w.client(c).get('/api/v1/push/vapid-public-key'),
    ),
    row(
      'GET',
      '/api/v1/push-subscriptions',
      members(200),
      (w, c) => w.client(c).get('/api/v1/push-subscriptions'),
      MEMBER_CODES,
    ),
    row(
      'POST',
      '/api/v1/push-subscriptions',
      members(201),
      (w, c) => w.client(c).post('/api/v1/push-subscriptions', pushBody()),
      MEMBER_CODES,
    ),
    row(
      'DELETE',
      '/api/v1/push-subscriptions/:id',
      members(204),
      async (w, c) => {
        const own = await w.client(c).post('/api/v1/push-subscriptions', pushBody());
        const id = own.status === 201 ? (await json<{ id: string }>(own)).id : newId();
        return w.client(c).delete(`/api/v1/push-subscriptions/${id}`);
      },
      MEMBER_CODES,
    ),
    // Announcements: managers to their teams (notifications.send_team_alerts), Org Admins to anyone
    row('POST', '/api/v1/announcements', allow({ orgAdmin: 202, teamManager: 202 }), (w, c) =>
      w.client(c).post('/api/v1/announcements', { title: unique('Announcement'), teamIds: [w.org.teamId] }),
    ),
    // Platform announcements: platform.configure_global_settings (super admins)
    row('POST', '/api/v1/platform/announcements', allow({ superAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/platform/announcements', { kind: 'feature', title: unique('New feature') }),
    ),
  ],
  isolation: {
    lists: ['/api/v1/notifications', '/api/v1/notifications/deliveries', '/api/v1/push-subscriptions'],
    probes: [
      ['GET', '/api/v1/notifications/<Notification>'],
      ['POST', '/api/v1/notifications/<Notification>/read'],
      ['DELETE', '/api/v1/push-subscriptions/<Push subscription>'],
    ],
    // "Notification": one of the admin's, unread; "Push subscription": the admin's browser.
    seed: async (tenant) => {
      const notification = await notificationFor(
        tenant.app.database.db,
        tenant.org.tenantId,
        tenant.org.admin.id,
      );
      const subscription = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/push-subscriptions', pushBody()),
        201,
      );
      return { Notification: notification, 'Push subscription': subscription.id };
    },
    unchanged: async (tenant) => {
      const notification = await json<{ readAt: string | null }>(
        await tenant.admin.get(`/api/v1/notifications/${idOf(tenant, 'Notification')}`),
      );
      expect(notification.readAt).toBeNull();
      const subscriptions = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/push-subscriptions'),
      );
      expect(subscriptions.items.map((item) => item.id)).toContain(idOf(tenant, 'Push subscription'));
    },
  },
};
