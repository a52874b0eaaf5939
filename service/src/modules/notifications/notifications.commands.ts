import { sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/audit.js';
import { sqlExecutorOf, queryRows, type Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordChange } from '../../core/events/record-change.js';
import { emitEvents } from '../../core/events/events.js';
import type { Actor } from '../../core/identity/actor.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import { DEFAULT_PREFERENCES } from './notification-preferences.js';
import { idList } from './notification-recipients.js';
import { notificationSecrets } from './notification-secrets.js';
import { ANNOUNCE_TO_ORGANIZATION, NOTIFICATION_PERMISSIONS, visibleWhere } from './notifications.policy.js';
import * as repo from './notifications.repo.js';
import type { PreferencesInput } from './notifications.schema.js';
import {
  systemAnnouncements,
  type DeliveryStatus,
  type NotificationChannel,
  type NotificationPreferencesRow,
  type SystemAnnouncementKind,
} from './notifications.tables.js';
import { verifyUnsubscribe } from './unsubscribe-token.js';
import { pushEndpointProblem } from './web-push-sender.js';

// ---------------------------------------------------------------- inbox

export function listInbox({
  actor,
  tx,
  ...page
}: CommandInput & { unread: boolean; limit: number; cursor?: string | undefined }) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'inbox');
  return repo.listInbox(tx, { visible: visibleWhere(actor), ...page });
}

export function unreadCount({ actor, tx }: CommandInput) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'inbox');
  return repo.unreadCount(tx, visibleWhere(actor));
}

/** One of the caller's notifications with its delivery log; anyone else's is a 404. */
export async function getNotification({
  actor,
  tx,
  notificationId,
}: CommandInput & { notificationId: string }) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'inbox');
  const notification = await repo.findNotification(tx, visibleWhere(actor), notificationId);
  if (!notification) throw AppError.notFound('Notification');
  return { notification, deliveries: await repo.deliveriesOf(tx, notification.id) };
}

function emitRead(input: CommandInput, notificationIds: string[], streamId: string) {
  return emitEvents(input.tx, input.actor.tenantId, [
    {
      name: 'notification.read',
      stream: { type: 'notification', id: streamId },
      payload: { notificationIds, userId: input.actor.userId },
    },
  ]);
}

export async function markRead(input: CommandInput & { notificationId: string }) {
  const { actor, tx, notificationId } = input;
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'inbox');
  const visible = visibleWhere(actor);
  const notification = await repo.findNotification(tx, visible, notificationId);
  if (!notification) throw AppError.notFound('Notification');
  if (notification.readAt) return notification;
  const [read] = await repo.markRead(tx, visible, [notificationId]);
  await emitRead(input, [notificationId], notificationId);
  return read ?? notification;
}

export async function markAllRead(input: CommandInput): Promise<number> {
  assertAllowed(input.actor, NOTIFICATION_PERMISSIONS, 'inbox');
  const read = await repo.markRead(input.tx, visibleWhere(input.actor));
  if (read.length)
    await emitRead(
      input,
      read.map((notification) => notification.id),
      input.actor.userId,
    );
  return read.length;
}

export function listDeliveries({
  actor,
  tx,
  ...query
}: CommandInput & {
  status?: DeliveryStatus | undefined;
  channel?: NotificationChannel | undefined;
  userId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'deadLetters');
  return repo.listDeliveries(tx, query);
}

// ---------------------------------------------------------------- preferences

export type PreferencesView = Omit<
  NotificationPreferencesRow,
  'tenantId' | 'userId' | 'lastDigestAt' | 'updatedAt'
> & {
  updatedAt: Date | null;
};

export async function getPreferences({ actor, tx }: CommandInput): Promise<PreferencesView> {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'preferences');
  return (
    (await repo.findPreferences(tx, actor.userId)) ?? { ...DEFAULT_PREFERENCES, version: 1, updatedAt: null }
  );
}

/** Changes the fields given; a `version` that is not the current one gets 409 with the current preferences. */
export async function updatePreferences({
  actor,
  tx,
  version,
  quietHours,
  ...fields
}: CommandInput & PreferencesInput) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'preferences');
  const existing = await repo.findPreferences(tx, actor.userId);
  const current = existing ?? { ...DEFAULT_PREFERENCES, version: 1, updatedAt: null };
  if (version !== undefined && version !== current.version) throw AppError.staleVersion(current);
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const values = {
    ...DEFAULT_PREFERENCES,
    ...(existing ? pickPreferences(existing) : {}),
    ...defined,
    ...(quietHours && {
      quietHoursEnabled: quietHours.enabled,
      quietHoursStart: quietHours.start,
      quietHoursEnd: quietHours.end,
    }),
  };
  const saved = await repo.savePreferences(tx, {
    tenantId: actor.tenantId,
    userId: actor.userId,
    version: current.version,
    exists: Boolean(existing),
    values,
  });
  if (!saved) throw AppError.staleVersion((await repo.findPreferences(tx, actor.userId)) ?? current);
  await recordAudit(tx, actor.tenantId, {
    action: 'notification_preferences.updated',
    entityType: 'user',
    entityId: actor.userId,
    before: existing ?? null,
    after: saved,
  });
  return saved;
}

function pickPreferences(row: NotificationPreferencesRow) {
  const { tenantId: _t, userId: _u, version: _v, updatedAt: _a, lastDigestAt: _l, ...values } = row;
  return values;
}

/** One-click unsubscribe (no session): turns the token's kind off for email, or the digest off. */
export async function unsubscribe(input: { db: Database; services: Services; token: string }) {
  const secrets = await notificationSecrets(input.services.config);
  const claim = verifyUnsubscribe(secrets.signingKey, input.token);
  return input.db.transaction({ tenantId: claim.tenantId, userId: claim.userId }, async (tx) => {
    const existing = await repo.findPreferences(tx, claim.userId);
    const values = { ...DEFAULT_PREFERENCES, ...(existing ? pickPreferences(existing) : {}) };
    if (claim.kind === 'digest') values.emailDigest = 'none';
    else
      values.channels = {
        ...values.channels,
        [claim.kind]: { ...values.channels[claim.kind], email: false },
      };
    const saved = await repo.savePreferences(tx, {
      tenantId: claim.tenantId,
      userId: claim.userId,
      version: existing?.version ?? 1,
      exists: Boolean(existing),
      values,
    });
    if (!saved) throw new AppError('conflict', { message: 'Your preferences changed meanwhile; try again' });
    await recordAudit(tx, claim.tenantId, {
      action: 'notification_preferences.unsubscribed',
      entityType: 'user',
      entityId: claim.userId,
      after: { kind: claim.kind, channel: 'email' },
    });
    return { kind: claim.kind, email: false };
  });
}

/** What an unsubscribe link would turn off, without changing anything (GET: mail scanners follow links). */
export async function describeUnsubscribe(input: { services: Services; token: string }) {
  const secrets = await notificationSecrets(input.services.config);
  return verifyUnsubscribe(secrets.signingKey, input.token);
}

// ---------------------------------------------------------------- push subscriptions

export async function vapidPublicKey(services: Services): Promise<string> {
  return (await notificationSecrets(services.config)).vapid.publicKey;
}

export async function subscribePush({
  actor,
  tx,
  services,
  endpoint,
  keys,
  userAgent,
}: CommandInput & {
  services: Services;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  userAgent: string;
}) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'subscribePush');
  const problem = pushEndpointProblem(endpoint, services.config.notifications.pushAllowLoopbackHttp);
  if (problem) throw AppError.validation([{ path: 'body.endpoint', message: problem }]);
  return repo.putPushSubscription(tx, {
    tenantId: actor.tenantId,
    userId: actor.userId,
    endpoint,
    p256dh: keys.p256dh.replace(/=+$/, ''),
    auth: keys.auth.replace(/=+$/, ''),
    userAgent: userAgent.slice(0, 500),
  });
}

export function listPushSubscriptions({ actor, tx }: CommandInput) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'subscribePush');
  return repo.pushSubscriptionsOf(tx, actor.userId);
}

export async function unsubscribePush({
  actor,
  tx,
  subscriptionId,
}: CommandInput & { subscriptionId: string }) {
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'subscribePush');
  if (!(await repo.deletePushSubscription(tx, { userId: actor.userId, id: subscriptionId }))) {
    throw AppError.notFound('Push subscription');
  }
}

// ---------------------------------------------------------------- announcements

/** Teams among `teamIds` the actor does not manage (Org Admins manage them all, if they exist). */
async function teamsNotManaged(input: CommandInput, teamIds: string[]): Promise<string[]> {
  const admin = ANNOUNCE_TO_ORGANIZATION.some((permission) => input.actor.permissions.has(permission));
  const rows = await queryRows<{ id: string; managed: boolean }>(
    input.tx,
    sql`select t.id, (${admin} or exists (select 1 from team_members m where m.team_id = t.id
        and m.user_id = ${input.actor.userId} and m.role = 'manager')) as managed
      from teams t where t.id in ${idList(teamIds)}`,
  );
  const managed = new Set(rows.filter((row) => row.managed).map((row) => row.id));
  return teamIds.filter((id) => !managed.has(id));
}

/** A manager's announcement to the teams they manage, or an Org Admin's to the organization. */
export async function announceToTeams(
  input: CommandInput & { title: string; body?: string | undefined; teamIds?: string[] | undefined },
) {
  const { actor, tx, title, teamIds } = input;
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'announceToTeams');
  const body = input.body ?? '';
  if (!teamIds) {
    if (!ANNOUNCE_TO_ORGANIZATION.some((permission) => actor.permissions.has(permission)))
      throw AppError.validation([
        { path: 'body.teamIds', message: 'name the teams you manage (only Org Admins announce to everyone)' },
      ]);
  } else {
    const refused = await teamsNotManaged(input, teamIds);
    if (refused.length)
      throw AppError.validation([
        { path: 'body.teamIds', message: `you do not manage the teams ${refused.join(', ')}` },
      ]);
  }
  const streamId = teamIds?.length === 1 ? teamIds[0]! : actor.tenantId;
  await recordChange(tx, actor.tenantId, {
    name: 'team.announcement',
    record: { type: 'team', id: streamId },
    after: { title, body, teamIds: teamIds ?? null },
    payload: { title, body, kind: 'team', teamIds: teamIds ?? [], fromName: actor.name },
  });
  return { title, body, teamIds: teamIds ?? null };
}

/** A platform announcement: stored, then fanned out organization by organization by a job. */
export function announceToPlatform(input: {
  actor: Actor;
  db: Database;
  services: Services;
  kind: SystemAnnouncementKind;
  title: string;
  body?: string | undefined;
  startsAt?: Date | undefined;
  endsAt?: Date | undefined;
}) {
  const { actor, db, services } = input;
  assertAllowed(actor, NOTIFICATION_PERMISSIONS, 'announceToPlatform');
  if (input.startsAt && input.endsAt && input.endsAt < input.startsAt)
    throw AppError.validation([{ path: 'body.endsAt', message: 'must be after startsAt' }]);
  const audit = {
    action: 'system_announcement.created',
    entityType: 'system_announcement',
    after: { kind: input.kind, title: input.title },
  };
  return asPlatform(db, actor, audit, async (tx) => {
    const [announcement] = await tx
      .insert(systemAnnouncements)
      .values({
        kind: input.kind,
        title: input.title,
        body: input.body ?? '',
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await services.queue.boss.send(
      QUEUES.announce,
      { announcementId: announcement!.id },
      { db: sqlExecutorOf(tx) },
    );
    return announcement!;
  });
}
