/**
 * The pipeline after the recipients: one notification per person (a second delivery of the same event
 * is a no-op: `dedupeKey`), `notification.new` for the realtime module, and one delivery per channel
 * decided by the person's preferences: the in-app one is the row itself (sent); push, email and chat are
 * pending with a job (the delivery id is the job id: enqueuing twice is a no-op), held until the end of
 * quiet hours, or skipped with the reason.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../../core/config/config.js';
import { newId } from '../../core/db/columns.js';
import { queryRows, sqlExecutorOf, type Tx } from '../../core/db/database.js';
import { emitEvents } from '../../core/events/events.js';
import { QUEUES, type JobQueue } from '../../core/jobs/job-queue.js';
import type { Logger } from '../../core/logger.js';
import { taskAudience } from '../tasks/tasks.policy.js';
import { chatChannel } from './chat-channel.js';
import type { NotificationDraft } from './notification-drafts.js';
import { channelWanted, holdsForQuietHours, type Preferences } from './notification-preferences.js';
import * as repo from './notifications.repo.js';
import {
  notificationChannels,
  type Notification,
  type NotificationChannel,
  type NotificationDelivery,
} from './notifications.tables.js';
import { quietHoursEnd } from './quiet-hours.js';

export interface NotifyDeps {
  queue: JobQueue;
  config: Config;
  logger?: Logger | undefined;
}

export interface DeliveryJob {
  tenantId: string;
  deliveryId: string;
  /** Failed attempts allowed before the delivery is dead (the job's own retry limit). */
  retryLimit: number;
}

/** The people of `draft` who get it: active, not the actor, and for a task those who may see it now. */
async function recipientsOf(tx: Tx, draft: NotificationDraft, actorId: string | null): Promise<string[]> {
  const audience =
    draft.record?.type === 'task' ? sql`and m.user_id in ${taskAudience(draft.record.id)}` : sql``;
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`select distinct m.user_id from memberships m
      where m.status = 'active' and m.user_id in ${draft.recipients}
        and m.user_id is distinct from ${actorId}::uuid ${audience}`,
  );
  return rows.map((row) => row.user_id);
}

type Plan = Pick<NotificationDelivery, 'channel' | 'status' | 'detail' | 'notBefore'>;

function plan(
  notification: Notification,
  preferences: Preferences,
  context: { hasPush: boolean; chatPlatforms: ReadonlySet<string>; now: Date },
): Plan[] {
  const held = holdsForQuietHours(notification.kind)
    ? quietHoursEnd(context.now, {
        enabled: preferences.quietHoursEnabled,
        start: preferences.quietHoursStart,
        end: preferences.quietHoursEnd,
        timezone: preferences.timezone,
      })
    : null;
  return notificationChannels.map((channel): Plan => {
    const wanted = channelWanted(preferences, notification.kind, channel);
    const skip = (detail: string): Plan => ({ channel, status: 'skipped', detail, notBefore: null });
    if (!wanted.wanted) return skip(wanted.reason);
    if (channel === 'in_app') return { channel, status: 'sent', detail: '', notBefore: null };
    if (channel === 'push' && !context.hasPush) return skip('no push subscription');
    if (channel === 'slack' || channel === 'teams') {
      if (!chatChannel(channel)) return skip('chat channel not connected');
      if (!context.chatPlatforms.has(channel)) return skip(`not linked to ${channel}`);
    }
    return { channel, status: 'pending', detail: held ? 'held by quiet hours' : '', notBefore: held };
  });
}

/** What one event (or schedule) tells: its drafts, keyed so that telling it twice writes nothing. */
export interface NotifyInput {
  tenantId: string;
  actorId: string | null;
  dedupeKey: string;
  drafts: NotificationDraft[];
  now?: Date;
}

/** Writes the drafts' notifications for their recipients, plans and enqueues their deliveries. */
export function notify(tx: Tx, deps: NotifyDeps, input: NotifyInput): Promise<Notification[]> {
  return notifyAll(tx, deps, [input]);
}

/**
 * `notify` for many events of ONE organization at once (a minute's reminders): recipients per draft,
 * then one insert of every notification, one plan of their deliveries and one write of their events.
 */
export async function notifyAll(
  tx: Tx,
  deps: NotifyDeps,
  inputs: readonly NotifyInput[],
): Promise<Notification[]> {
  const rows: Parameters<typeof repo.insertNotifications>[1] = [];
  for (const input of inputs) {
    for (const draft of input.drafts) {
      const userIds = await recipientsOf(tx, draft, input.actorId);
      for (const userId of userIds) {
        rows.push({
          tenantId: input.tenantId,
          id: newId(),
          userId,
          kind: draft.kind,
          title: draft.title.slice(0, 500),
          body: draft.body.slice(0, 5_000),
          link: draft.link,
          recordType: draft.record?.type ?? null,
          recordId: draft.record?.id ?? null,
          data: draft.data,
          dedupeKey: `${input.dedupeKey}:${draft.kind}`,
        });
      }
    }
  }
  if (!rows.length) return [];
  const created = await repo.insertNotifications(tx, rows);
  if (!created.length) return created;
  await planDeliveries(tx, deps, created, inputs[0]!.now ?? new Date());
  await emitEvents(
    tx,
    inputs[0]!.tenantId,
    created.map((notification) => ({
      name: 'notification.new' as const,
      stream: { type: 'notification', id: notification.id },
      payload: {
        notificationId: notification.id,
        userId: notification.userId,
        kind: notification.kind,
        title: notification.title,
      },
    })),
  );
  return created;
}

async function planDeliveries(tx: Tx, deps: NotifyDeps, created: Notification[], now: Date): Promise<void> {
  const userIds = [...new Set(created.map((notification) => notification.userId))];
  const preferences = await repo.preferencesOf(tx, userIds);
  const withPush = await repo.usersWithPush(tx, userIds);
  const chatPlatforms = await repo.chatPlatformsOf(tx, userIds);
  const deliveries = created.flatMap((notification) =>
    plan(notification, preferences.get(notification.userId)!, {
      hasPush: withPush.has(notification.userId),
      chatPlatforms: chatPlatforms.get(notification.userId) ?? new Set(),
      now,
    }).map((planned) => ({
      tenantId: notification.tenantId,
      id: newId(),
      notificationId: notification.id,
      userId: notification.userId,
      ...planned,
      deliveredAt: planned.status === 'sent' ? now : null,
    })),
  );
  const inserted = await repo.insertDeliveries(tx, deliveries);
  for (const delivery of inserted) {
    if (delivery.status === 'skipped' && delivery.detail === 'chat channel not connected') {
      deps.logger?.info(
        { deliveryId: delivery.id, channel: delivery.channel },
        'chat delivery skipped: channel not connected',
      );
    }
  }
  await enqueueDeliveries(
    tx,
    deps,
    inserted.filter((delivery) => delivery.status === 'pending'),
  );
}

/** One job per pending delivery, with the delivery's id as the job's: a second enqueue is ignored. */
type Pending = Pick<NotificationDelivery, 'id' | 'tenantId' | 'notBefore'>;

export async function enqueueDeliveries(tx: Tx, deps: NotifyDeps, pending: Pending[]): Promise<void> {
  if (!pending.length) return;
  const { retryLimit, retryDelaySeconds } = deps.config.notifications;
  for (let start = 0; start < pending.length; start += 1_000) {
    await insertJobs(tx, deps, pending.slice(start, start + 1_000), { retryLimit, retryDelaySeconds });
  }
}

async function insertJobs(
  tx: Tx,
  deps: NotifyDeps,
  pending: Pending[],
  { retryLimit, retryDelaySeconds }: { retryLimit: number; retryDelaySeconds: number },
): Promise<void> {
  await deps.queue.boss.insert(
    pending.map((delivery) => ({
      id: delivery.id,
      name: QUEUES.deliverNotification,
      data: { tenantId: delivery.tenantId, deliveryId: delivery.id, retryLimit } satisfies DeliveryJob,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
      ...(delivery.notBefore ? { startAfter: delivery.notBefore } : {}),
    })),
    { db: sqlExecutorOf(tx) },
  );
}

export type { NotificationChannel };
