import { escapeHtml } from '@closer/templates';
import type { Context } from 'koa';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './notifications.commands.js';
import { unsubscribeWhat } from './email-content.js';
import { NOTIFICATION_PERMISSIONS } from './notifications.policy.js';
import {
  presentDelivery,
  presentNotification,
  presentPreferences,
  presentPushSubscription,
  presentSystemAnnouncement,
} from './notifications.presenter.js';
import {
  AnnouncementBody,
  AnnouncementOut,
  DeliveryListQuery,
  DeliveryOut,
  InboxQuery,
  NotificationOut,
  NotificationWithDeliveriesOut,
  PlatformAnnouncementBody,
  PreferencesBody,
  PreferencesOut,
  PushSubscriptionBody,
  PushSubscriptionOut,
  ReadAllOut,
  SystemAnnouncementOut,
  UnreadCountOut,
  UnsubscribeOut,
  UnsubscribeQuery,
  VapidKeyOut,
} from './notifications.schema.js';

const wantsHtml = (ctx: Context) => ctx.accepts('json', 'html') === 'html';

function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${content}</body></html>`;
}

function inboxRoutes(): ApiRoute[] {
  const tags = ['Notifications'];
  const permissions = NOTIFICATION_PERMISSIONS.inbox;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications',
      summary: 'Your notifications, latest first (?unread=true: only unread ones)',
      tags,
      access: 'tenant',
      permissions,
      request: { query: InboxQuery },
      responses: { 200: { description: 'Notifications', schema: pageOf(NotificationOut) } },
      handler: async ({ actor, tx, query }) => {
        const result = await commands.listInbox({ actor, tx, ...query });
        return { body: { items: result.items.map(presentNotification), nextCursor: result.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications/unread-count',
      summary: 'How many of your notifications are unread',
      tags,
      access: 'tenant',
      permissions,
      responses: { 200: { description: 'The count', schema: UnreadCountOut } },
      handler: async ({ actor, tx }) => ({ body: { count: await commands.unreadCount({ actor, tx }) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications/deliveries',
      summary: "The organization's delivery log (?status=dead: the dead-letter list), latest first",
      tags,
      access: 'tenant',
      permissions: NOTIFICATION_PERMISSIONS.deadLetters,
      request: { query: DeliveryListQuery },
      responses: { 200: { description: 'Deliveries', schema: pageOf(DeliveryOut) } },
      handler: async ({ actor, tx, query }) => {
        const result = await commands.listDeliveries({ actor, tx, ...query });
        return { body: { items: result.items.map(presentDelivery), nextCursor: result.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/notifications/read-all',
      summary: 'Mark all your notifications read (emits notification.read)',
      tags,
      access: 'tenant',
      permissions,
      responses: { 200: { description: 'How many were marked', schema: ReadAllOut } },
      handler: async ({ actor, tx }) => ({ body: { count: await commands.markAllRead({ actor, tx }) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications/:id',
      summary: 'One of your notifications, with its delivery log (one entry per channel)',
      tags,
      access: 'tenant',
      permissions,
      request: { params: IdParams },
      responses: { 200: { description: 'The notification', schema: NotificationWithDeliveriesOut } },
      handler: async ({ actor, tx, params }) => {
        const { notification, deliveries } = await commands.getNotification({
          actor,
          tx,
          notificationId: params.id,
        });
        return {
          body: { ...presentNotification(notification), deliveries: deliveries.map(presentDelivery) },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/notifications/:id/read',
      summary: 'Mark one of your notifications read (emits notification.read)',
      tags,
      access: 'tenant',
      permissions,
      request: { params: IdParams },
      responses: { 200: { description: 'The notification', schema: NotificationOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentNotification(await commands.markRead({ actor, tx, notificationId: params.id })),
      }),
    }),
  ];
}

function unsubscribeRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Notifications'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/notifications/unsubscribe',
      summary: 'What an unsubscribe link turns off (HTML page with a button, or JSON); changes nothing',
      tags,
      access: 'public',
      request: { query: UnsubscribeQuery },
      responses: { 200: { description: 'What the link turns off', schema: UnsubscribeOut } },
      handler: async ({ ctx, query }) => {
        const claim = await commands.describeUnsubscribe({ services: deps, token: query.token });
        if (!wantsHtml(ctx)) return { body: { kind: claim.kind, email: true } };
        const action = `/api/v1/notifications/unsubscribe?token=${encodeURIComponent(query.token)}`;
        const form = `<p>Stop receiving ${escapeHtml(unsubscribeWhat(claim.kind))}?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`;
        return { body: page('Unsubscribe', form), headers: { 'content-type': 'text/html; charset=utf-8' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/notifications/unsubscribe',
      summary: 'One-click unsubscribe (RFC 8058): turns that kind of email off; no session needed',
      description:
        'Mail clients POST `List-Unsubscribe=One-Click` (form-encoded) to the link of the List-Unsubscribe header.',
      tags,
      access: 'public',
      csrfExempt: true,
      request: { query: UnsubscribeQuery },
      responses: { 200: { description: 'Turned off', schema: UnsubscribeOut } },
      handler: async ({ ctx, query }) => {
        const result = await commands.unsubscribe({ db: deps.db, services: deps, token: query.token });
        if (!wantsHtml(ctx)) return { body: result };
        const text = `<p>You will no longer receive ${escapeHtml(unsubscribeWhat(result.kind))}. You can turn them on again in your notification settings.</p>`;
        return { body: page('Unsubscribed', text), headers: { 'content-type': 'text/html; charset=utf-8' } };
      },
    }),
  ];
}

function preferenceRoutes(): ApiRoute[] {
  const tags = ['Notifications'];
  const permissions = NOTIFICATION_PERMISSIONS.preferences;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/me/notification-preferences',
      summary:
        'Your notification preferences (the spec\u2019s NotificationPreferences, per kind and channel)',
      tags,
      access: 'tenant',
      permissions,
      responses: { 200: { description: 'Preferences', schema: PreferencesOut } },
      handler: async ({ actor, tx }) => ({
        body: presentPreferences(await commands.getPreferences({ actor, tx })),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/me/notification-preferences',
      summary: 'Change your notification preferences (fields left out keep their value)',
      tags,
      access: 'tenant',
      permissions,
      request: { body: PreferencesBody },
      responses: {
        200: { description: 'Preferences', schema: PreferencesOut },
        409: { description: 'Stale version (the current preferences are in `current`)' },
      },
      handler: async ({ actor, tx, body }) => ({
        body: presentPreferences(await commands.updatePreferences({ actor, tx, ...body })),
      }),
    }),
  ];
}

function pushRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Web push'];
  const permissions = NOTIFICATION_PERMISSIONS.subscribePush;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/push/vapid-public-key',
      summary: "The server's VAPID public key (applicationServerKey)",
      tags,
      access: 'authenticated',
      responses: { 200: { description: 'The key', schema: VapidKeyOut } },
      handler: async () => ({ body: { publicKey: await commands.vapidPublicKey(deps) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/push-subscriptions',
      summary: "Your browsers' push subscriptions",
      tags,
      access: 'tenant',
      permissions,
      responses: { 200: { description: 'Subscriptions', schema: pageOf(PushSubscriptionOut) } },
      handler: async ({ actor, tx }) => ({
        body: {
          items: (await commands.listPushSubscriptions({ actor, tx })).map(presentPushSubscription),
          nextCursor: null,
        },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/push-subscriptions',
      summary: "Register this browser's PushSubscription (endpoint and keys)",
      tags,
      access: 'tenant',
      permissions,
      request: { body: PushSubscriptionBody },
      responses: { 201: { description: 'Registered', schema: PushSubscriptionOut } },
      handler: async ({ actor, tx, body, ctx }) => ({
        status: 201,
        body: presentPushSubscription(
          await commands.subscribePush({
            actor,
            tx,
            services: deps,
            ...body,
            userAgent: ctx.get('user-agent'),
          }),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/push-subscriptions/:id',
      summary: 'Remove one of your push subscriptions',
      tags,
      access: 'tenant',
      permissions,
      request: { params: IdParams },
      responses: { 204: { description: 'Removed' } },
      handler: async ({ actor, tx, params }) => {
        await commands.unsubscribePush({ actor, tx, subscriptionId: params.id });
        return {};
      },
    }),
  ];
}

function announcementRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Notifications'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/announcements',
      summary: 'Announce to the teams you manage, or (Org Admins) to the whole organization',
      tags,
      access: 'tenant',
      permissions: NOTIFICATION_PERMISSIONS.announceToTeams,
      request: { body: AnnouncementBody },
      responses: { 202: { description: 'Announced (notifications follow)', schema: AnnouncementOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 202,
        body: await commands.announceToTeams({ actor, tx, ...body }),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/announcements',
      summary: 'Announce maintenance, a feature or a security notice to every organization',
      tags: ['Platform'],
      access: 'authenticated',
      permissions: NOTIFICATION_PERMISSIONS.announceToPlatform,
      request: { body: PlatformAnnouncementBody },
      responses: { 201: { description: 'Announced (notifications follow)', schema: SystemAnnouncementOut } },
      handler: async ({ actor, body }) => ({
        status: 201,
        body: presentSystemAnnouncement(
          await commands.announceToPlatform({ actor, db: deps.db, services: deps, ...body }),
        ),
      }),
    }),
  ];
}

/** Inbox, delivery log, preferences, unsubscribe, web push subscriptions, announcements. */
export function notificationRoutes(deps: ModuleDeps): ApiRoute[] {
  return [
    ...inboxRoutes().slice(0, 4),
    ...unsubscribeRoutes(deps),
    ...inboxRoutes().slice(4),
    ...preferenceRoutes(),
    ...pushRoutes(deps),
    ...announcementRoutes(deps),
  ];
}
