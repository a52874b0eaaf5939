/**
 * The delivery job: sends one delivery (push, email, Slack or Teams) and records the outcome in the
 * delivery log. A failure is recorded (attempts, last error) and thrown, so pg-boss retries it with
 * backoff; the attempt after the last retry marks it `dead` (the dead-letter list) and ends the job.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../core/db/database.js';
import { queryRows } from '../../core/db/database.js';
import { sendWith } from '../../core/email/email.mailer.js';
import { AppError } from '../../core/errors/app-error.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { taskAudience } from '../tasks/tasks.policy.js';
import { chatChannel } from './chat-channel.js';
import { notificationEmail, type EmailRecipient } from './email-content.js';
import { notificationSecrets } from './notification-secrets.js';
import { channelWanted } from './notification-preferences.js';
import type { DeliveryJob } from './notify.js';
import * as repo from './notifications.repo.js';
import type { Notification, NotificationDelivery, PushSubscription } from './notifications.tables.js';
import { pushPayload, sendPush } from './web-push-sender.js';

type Outcome = { status: 'sent' | 'skipped'; detail: string };

interface Loaded {
  delivery: NotificationDelivery;
  notification: Notification;
  recipient: EmailRecipient;
  subscriptions: PushSubscription[];
}

async function stillVisible(tx: Tx, notification: Notification): Promise<boolean> {
  if (notification.recordType !== 'task' || !notification.recordId) return true;
  const rows = await queryRows<{ ok: boolean }>(
    tx,
    sql`select ${notification.userId}::uuid in ${taskAudience(notification.recordId)} as ok`,
  );
  return rows[0]?.ok === true;
}

/**
 * Why the delivery should no longer go out (the member left, or turned the channel off since it was
 * planned: a delivery held by quiet hours waits for hours), or undefined.
 */
async function stillWanted(
  tx: Tx,
  delivery: NotificationDelivery,
  notification: Notification,
): Promise<string | undefined> {
  const [membership] = await queryRows<{ status: string }>(
    tx,
    sql`select status from memberships where user_id = ${delivery.userId}`,
  );
  if (membership?.status !== 'active') return 'the recipient is no longer an active member';
  const preferences = (await repo.preferencesOf(tx, [delivery.userId])).get(delivery.userId)!;
  const wanted = channelWanted(preferences, notification.kind, delivery.channel);
  return wanted.wanted ? undefined : wanted.reason;
}

async function load(db: Database, job: DeliveryJob): Promise<Loaded | Outcome | undefined> {
  return db.transaction({ tenantId: job.tenantId }, async (tx) => {
    const row = await repo.findDelivery(tx, job.deliveryId);
    if (!row || (row.delivery.status !== 'pending' && row.delivery.status !== 'failed')) return undefined;
    if (!(await stillVisible(tx, row.notification)))
      return { status: 'skipped', detail: 'no longer visible to the recipient' };
    const stop = await stillWanted(tx, row.delivery, row.notification);
    if (stop) return { status: 'skipped', detail: stop };
    const [recipient] = await queryRows<EmailRecipient>(
      tx,
      sql`select u.email, u.name, t.name as "organizationName" from users u, tenants t where u.id = ${row.delivery.userId} and t.id = ${job.tenantId}`,
    );
    const subscriptions =
      row.delivery.channel === 'push' ? await repo.pushSubscriptionsOf(tx, row.delivery.userId) : [];
    return { ...row, recipient: recipient!, subscriptions };
  });
}

async function pushTo(deps: WorkerDeps, loaded: Loaded): Promise<Outcome> {
  const { notification, subscriptions } = loaded;
  if (!subscriptions.length) return { status: 'skipped', detail: 'no push subscription' };
  const secrets = await notificationSecrets(deps.config);
  const payload = pushPayload({
    title: notification.title,
    body: notification.body,
    link: notification.link ? `${deps.config.publicUrl}${notification.link}` : null,
    kind: notification.kind,
    notificationId: notification.id,
  });
  const failures: string[] = [];
  let sent = 0;
  for (const subscription of subscriptions) {
    const outcome = await sendPush({ subscription, payload, secrets }).catch((error: unknown) => ({
      kind: 'failed' as const,
      status: 0,
      reason: error instanceof Error ? error.message : String(error),
    }));
    await deps.db.transaction({ tenantId: notification.tenantId }, async (tx) => {
      if (outcome.kind === 'gone') await repo.deletePushSubscription(tx, { id: subscription.id });
      if (outcome.kind === 'sent') await repo.touchPushSubscription(tx, subscription.id);
    });
    if (outcome.kind === 'sent') sent += 1;
    if (outcome.kind === 'gone')
      deps.logger.info(
        { subscriptionId: subscription.id, status: outcome.status },
        'push subscription gone: removed',
      );
    if (outcome.kind === 'failed')
      failures.push(
        `push service answered ${outcome.status || 'nothing'}${outcome.reason ? `: ${outcome.reason}` : ''}`,
      );
  }
  if (sent) return { status: 'sent', detail: failures.length ? `${sent} sent; ${failures.join('; ')}` : '' };
  if (failures.length) throw new Error(failures.join('; '));
  return { status: 'skipped', detail: 'push subscription expired (removed)' };
}

async function emailTo(deps: WorkerDeps, loaded: Loaded): Promise<Outcome> {
  const secrets = await notificationSecrets(deps.config);
  const message = await notificationEmail({
    notification: loaded.notification,
    recipient: loaded.recipient,
    publicUrl: deps.config.publicUrl,
    signingKey: secrets.signingKey,
  });
  await sendWith(deps, (mailer) => mailer.send(message));
  return { status: 'sent', detail: '' };
}

async function chatTo(deps: WorkerDeps, loaded: Loaded, platform: 'slack' | 'teams'): Promise<Outcome> {
  const channel = chatChannel(platform);
  if (!channel) {
    deps.logger.info(
      { deliveryId: loaded.delivery.id, platform },
      'chat delivery skipped: channel not connected',
    );
    return { status: 'skipped', detail: 'chat channel not connected' };
  }
  const { notification } = loaded;
  const result = await channel.deliverToChat(
    { tenantId: notification.tenantId, userId: notification.userId },
    {
      title: notification.title,
      body: notification.body,
      link: `${deps.config.publicUrl}${notification.link ?? '/notifications'}`,
      kind: notification.kind,
    },
  );
  return result === 'sent'
    ? { status: 'sent', detail: '' }
    : { status: 'skipped', detail: `not linked to ${platform}` };
}

function send(deps: WorkerDeps, loaded: Loaded): Promise<Outcome> {
  switch (loaded.delivery.channel) {
    case 'push':
      return pushTo(deps, loaded);
    case 'email':
      return emailTo(deps, loaded);
    case 'slack':
    case 'teams':
      return chatTo(deps, loaded, loaded.delivery.channel);
    case 'in_app':
      return Promise.resolve({ status: 'sent', detail: '' });
  }
}

/** Runs one delivery job (see the file comment). */
export async function deliverNotification(deps: WorkerDeps, job: DeliveryJob): Promise<void> {
  const loaded = await load(deps.db, job);
  if (!loaded) return;
  const scope = { tenantId: job.tenantId };
  if (!('delivery' in loaded)) {
    await deps.db.transaction(scope, (tx) => repo.updateDelivery(tx, job.deliveryId, loaded));
    return;
  }
  const attempts = loaded.delivery.attempts + 1;
  try {
    const outcome = await send(deps, loaded);
    await deps.db.transaction(scope, (tx) =>
      repo.updateDelivery(tx, job.deliveryId, {
        ...outcome,
        attempts,
        deliveredAt: outcome.status === 'sent' ? new Date() : null,
      }),
    );
  } catch (error) {
    // A refusal for good (an SMTP 5xx for the address) is not worth retrying.
    const permanent = error instanceof AppError && error.code === 'email_rejected';
    const dead = permanent || attempts > job.retryLimit;
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    await deps.db.transaction(scope, (tx) =>
      repo.updateDelivery(tx, job.deliveryId, { status: dead ? 'dead' : 'failed', detail, attempts }),
    );
    if (!dead) throw error;
    deps.logger.warn(
      { deliveryId: job.deliveryId, channel: loaded.delivery.channel, attempts, detail },
      'notification delivery dead',
    );
  }
}
