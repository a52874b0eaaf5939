import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { isTimezone } from './quiet-hours.js';
import {
  deliveryStatuses,
  emailDigests,
  notificationChannels,
  notificationKinds,
  systemAnnouncementKinds,
} from './notifications.tables.js';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time, like 2026-03-01T14:30:00Z' })
  .transform((value) => new Date(value));

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

// ---------------------------------------------------------------- inbox

export const InboxQuery = queryObject({
  ...pageQuery,
  unread: flag.describe('true: only the notifications not read yet'),
});

export const DeliveryOut = z
  .object({
    id: z.uuid(),
    notificationId: z.uuid(),
    userId: z.uuid(),
    channel: z.enum(notificationChannels),
    status: z.enum(deliveryStatuses),
    detail: z.string().describe('Why it was skipped, or the last error'),
    attempts: z.number().int(),
    notBefore: z.string().nullable().describe('Held by quiet hours until then'),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NotificationDelivery' });

export const NotificationOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    record: z.object({ type: z.string(), id: z.uuid() }).nullable(),
    data: z.record(z.string(), z.unknown()),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });

export const NotificationWithDeliveriesOut = NotificationOut.extend({
  deliveries: z.array(DeliveryOut).describe('The delivery log: one entry per channel'),
}).meta({ id: 'NotificationWithDeliveries' });

export const UnreadCountOut = z.object({ count: z.number().int() });
export const ReadAllOut = z.object({ count: z.number().int().describe('How many were marked read') });

export const DeliveryListQuery = queryObject({
  ...pageQuery,
  status: z.enum(deliveryStatuses).optional().describe('dead: the dead-letter list'),
  channel: z.enum(notificationChannels).optional(),
  userId: z.uuid().optional(),
});

// ---------------------------------------------------------------- preferences

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time as HH:MM (00:00 to 23:59)');

const channelSwitches = z
  .record(z.string(), z.record(z.string(), z.boolean()))
  .superRefine((channels, ctx) => {
    for (const [kind, switches] of Object.entries(channels)) {
      if (!(notificationKinds as readonly string[]).includes(kind)) {
        ctx.addIssue({ code: 'custom', path: [kind], message: `"${kind}" is not a notification kind` });
        continue;
      }
      for (const channel of Object.keys(switches)) {
        if (!(notificationChannels as readonly string[]).includes(channel)) {
          ctx.addIssue({
            code: 'custom',
            path: [kind, channel],
            message: `"${channel}" is not a channel (${notificationChannels.join(', ')})`,
          });
        }
      }
    }
  })
  .describe('Per kind, per channel (in_app, push, email, slack, teams): on or off; absent: the default');

const preferenceFields = {
  taskAssignments: z.boolean(),
  taskDeadlines: z.boolean(),
  opportunityUpdates: z.boolean(),
  goalAlerts: z.boolean(),
  systemAnnouncements: z.boolean(),
  emailDigest: z.enum(emailDigests),
  quietHours: z.strictObject({ enabled: z.boolean(), start: hhmm, end: hhmm }),
  timezone: z
    .string()
    .max(64)
    .refine(isTimezone, 'is not an IANA timezone, like Europe/Paris')
    .describe('IANA timezone of quiet hours and digests'),
  channels: channelSwitches,
};

export const PreferencesBody = z
  .strictObject({
    ...Object.fromEntries(Object.entries(preferenceFields).map(([key, schema]) => [key, schema.optional()])),
    version: versionField.optional(),
  })
  .describe(
    "The spec's NotificationPreferences plus timezone and channels; fields left out keep their value",
  ) as unknown as z.ZodType<PreferencesInput>;

export interface PreferencesInput {
  taskAssignments?: boolean | undefined;
  taskDeadlines?: boolean | undefined;
  opportunityUpdates?: boolean | undefined;
  goalAlerts?: boolean | undefined;
  systemAnnouncements?: boolean | undefined;
  emailDigest?: (typeof emailDigests)[number] | undefined;
  quietHours?: { enabled: boolean; start: string; end: string } | undefined;
  timezone?: string | undefined;
  channels?: Record<string, Record<string, boolean>> | undefined;
  version?: number | undefined;
}

export const PreferencesOut = z
  .object({ ...preferenceFields, version: z.number().int(), updatedAt: z.string().nullable() })
  .meta({ id: 'NotificationPreferences' });

// ---------------------------------------------------------------- push

export const VapidKeyOut = z.object({
  publicKey: z.string().describe('applicationServerKey for PushManager.subscribe (base64url)'),
});

export const PushSubscriptionBody = z.strictObject({
  endpoint: z.url().max(2_000).describe('The push service URL from PushSubscription.endpoint (https)'),
  keys: z.strictObject({
    p256dh: z
      .string()
      .regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, 'must be the base64url P-256 public key of the subscription'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{21,24}={0,2}$/, 'must be the base64url 16-byte auth secret'),
  }),
});

export const PushSubscriptionOut = z
  .object({
    id: z.uuid(),
    endpoint: z.string(),
    userAgent: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'PushSubscription' });

// ---------------------------------------------------------------- unsubscribe

export const UnsubscribeQuery = queryObject({
  token: z.string().min(1).max(1_000),
  // RFC 8058 posts `List-Unsubscribe=One-Click` as a form body; nothing else is read from it.
});

export const UnsubscribeOut = z.object({
  kind: z.string().describe('The kind of email turned off (digest: the digest)'),
  email: z.boolean().describe('Whether that email is on now'),
});

// ---------------------------------------------------------------- announcements

export const AnnouncementBody = z.strictObject({
  title: singleLineText({ max: 200 }),
  body: multiLineText({ max: 5_000 }).optional(),
  teamIds: z
    .array(z.uuid('must be a team id'))
    .min(1)
    .max(50)
    .transform((ids) => [...new Set(ids)])
    .optional()
    .describe('Teams you manage; left out (Org Admins only): the whole organization'),
});

export const AnnouncementOut = z.object({
  title: z.string(),
  body: z.string(),
  teamIds: z.array(z.uuid()).nullable(),
});

export const PlatformAnnouncementBody = z.strictObject({
  kind: z.enum(systemAnnouncementKinds),
  title: singleLineText({ max: 200 }),
  body: multiLineText({ max: 5_000 }).optional(),
  startsAt: isoTime.optional().describe('Maintenance: when it starts'),
  endsAt: isoTime.optional().describe('Maintenance: when it ends'),
});

export const SystemAnnouncementOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(systemAnnouncementKinds),
    title: z.string(),
    body: z.string(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'SystemAnnouncement' });
