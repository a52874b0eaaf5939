import { and, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { chatLinks } from '../integrations/integrations.tables.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import { DEFAULT_PREFERENCES, type Preferences } from './notification-preferences.js';
import {
  notificationDeliveries,
  notificationPreferences,
  notifications,
  pushSubscriptions,
  type DeliveryStatus,
  type Notification,
  type NotificationChannel,
  type NotificationDelivery,
  type NotificationPreferencesRow,
  type PushSubscription,
} from './notifications.tables.js';

/**
 * Many rows in one statement with one parameter (as `core/db/bulk-insert.ts`: Drizzle's multi-row
 * `values()` costs a placeholder per cell), skipping rows that exist; returns the ids it inserted.
 */
async function insertNew(
  tx: Tx,
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  rows: Record<string, unknown>[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  const names = columns.map(([name]) => name).join(', ');
  const definitions = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  for (let start = 0; start < rows.length; start += 5_000) {
    const chunk = JSON.stringify(rows.slice(start, start + 5_000));
    const result = await queryRows<{ id: string }>(
      tx,
      sql`insert into ${sql.raw(table)} (${sql.raw(names)})
        select ${sql.raw(names)} from jsonb_to_recordset(${chunk}::jsonb) as rows(${sql.raw(definitions)})
        on conflict do nothing returning id`,
    );
    for (const row of result) inserted.add(row.id);
  }
  return inserted;
}

const NOTIFICATION_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['user_id', 'uuid'],
  ['kind', 'text'],
  ['title', 'text'],
  ['body', 'text'],
  ['link', 'text'],
  ['record_type', 'text'],
  ['record_id', 'uuid'],
  ['data', 'jsonb'],
  ['dedupe_key', 'text'],
] as const;

type NewNotification = Omit<Notification, 'readAt' | 'createdAt'>;

/** Inserts what is not there yet (by dedupe key); returns the rows actually inserted. */
export async function insertNotifications(tx: Tx, rows: NewNotification[]): Promise<Notification[]> {
  const inserted = await insertNew(
    tx,
    'notifications',
    NOTIFICATION_COLUMNS,
    rows.map((row) => ({
      tenant_id: row.tenantId,
      id: row.id,
      user_id: row.userId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      record_type: row.recordType,
      record_id: row.recordId,
      data: row.data,
      dedupe_key: row.dedupeKey,
    })),
  );
  const now = new Date();
  return rows.filter((row) => inserted.has(row.id)).map((row) => ({ ...row, readAt: null, createdAt: now }));
}

const DELIVERY_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['notification_id', 'uuid'],
  ['user_id', 'uuid'],
  ['channel', 'text'],
  ['status', 'text'],
  ['detail', 'text'],
  ['not_before', 'timestamptz'],
  ['delivered_at', 'timestamptz'],
] as const;

type NewDelivery = Pick<
  NotificationDelivery,
  | 'tenantId'
  | 'id'
  | 'notificationId'
  | 'userId'
  | 'channel'
  | 'status'
  | 'detail'
  | 'notBefore'
  | 'deliveredAt'
>;

/** Inserts the deliveries not there yet (one per notification and channel); returns those inserted. */
export async function insertDeliveries(tx: Tx, rows: NewDelivery[]): Promise<NewDelivery[]> {
  const inserted = await insertNew(
    tx,
    'notification_deliveries',
    DELIVERY_COLUMNS,
    rows.map((row) => ({
      tenant_id: row.tenantId,
      id: row.id,
      notification_id: row.notificationId,
      user_id: row.userId,
      channel: row.channel,
      status: row.status,
      detail: row.detail,
      not_before: row.notBefore,
      delivered_at: row.deliveredAt,
    })),
  );
  return rows.filter((row) => inserted.has(row.id));
}

/** Preferences of each of `userIds`, defaults for those who never saved any. */
export async function preferencesOf(tx: Tx, userIds: string[]): Promise<Map<string, Preferences>> {
  const rows = userIds.length
    ? await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds))
    : [];
  const byUser = new Map<string, Preferences>(userIds.map((id) => [id, DEFAULT_PREFERENCES]));
  for (const row of rows) byUser.set(row.userId, row);
  return byUser;
}

export async function findPreferences(
  tx: Tx,
  userId: string,
): Promise<NotificationPreferencesRow | undefined> {
  const [row] = await tx
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return row;
}

type PreferenceValues = Omit<typeof notificationPreferences.$inferInsert, 'tenantId' | 'userId' | 'version'>;

/** Writes the preferences at `version` (1 when never saved); undefined when someone changed them first. */
export async function savePreferences(
  tx: Tx,
  input: { tenantId: string; userId: string; version: number; exists: boolean; values: PreferenceValues },
): Promise<NotificationPreferencesRow | undefined> {
  const values = { ...input.values, version: input.version + 1, updatedAt: new Date() };
  if (input.exists) {
    const [row] = await tx
      .update(notificationPreferences)
      .set(values)
      .where(
        and(
          eq(notificationPreferences.userId, input.userId),
          eq(notificationPreferences.version, input.version),
        ),
      )
      .returning();
    return row;
  }
  const [row] = await tx
    .insert(notificationPreferences)
    .values({ tenantId: input.tenantId, userId: input.userId, ...values })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function usersWithPush(tx: Tx, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await tx
    .selectDistinct({ userId: pushSubscriptions.userId })
    .from(pushSubscriptions)
    .where(inArray(pushSubscriptions.userId, userIds));
  return new Set(rows.map((row) => row.userId));
}

/** Which chat platforms each user has linked an account on (Slack, Teams). */
export async function chatPlatformsOf(tx: Tx, userIds: string[]): Promise<Map<string, Set<string>>> {
  const linked = new Map<string, Set<string>>();
  if (!userIds.length) return linked;
  const rows = await tx
    .selectDistinct({ userId: chatLinks.userId, platform: chatLinks.platform })
    .from(chatLinks)
    .where(inArray(chatLinks.userId, userIds));
  for (const row of rows) {
    let platforms = linked.get(row.userId);
    if (!platforms) linked.set(row.userId, (platforms = new Set()));
    platforms.add(row.platform);
  }
  return linked;
}

// ---------------------------------------------------------------- inbox

export async function listInbox(
  tx: Tx,
  input: { visible: SQL; unread: boolean; limit: number; cursor?: string | undefined },
) {
  const conditions: (SQL | undefined)[] = [input.visible];
  if (input.unread) conditions.push(isNull(notifications.readAt));
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, 2) as [string, string];
    const at = new Date(createdAt);
    conditions.push(
      or(lt(notifications.createdAt, at), and(eq(notifications.createdAt, at), lt(notifications.id, id))),
    );
  }
  const rows = await tx
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  return pageFrom(rows, input.limit, (row) => [row.createdAt.toISOString(), row.id]);
}

export async function unreadCount(tx: Tx, visible: SQL): Promise<number> {
  const [row] = await tx
    .select({ count: count() })
    .from(notifications)
    .where(and(visible, isNull(notifications.readAt)));
  return row?.count ?? 0;
}

export async function findNotification(tx: Tx, visible: SQL, id: string): Promise<Notification | undefined> {
  const [row] = await tx
    .select()
    .from(notifications)
    .where(and(visible, eq(notifications.id, id)));
  return row;
}

export async function markRead(tx: Tx, visible: SQL, ids?: string[]): Promise<Notification[]> {
  return tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(visible, isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
    .returning();
}

export function deliveriesOf(tx: Tx, notificationId: string): Promise<NotificationDelivery[]> {
  return tx
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.notificationId, notificationId))
    .orderBy(notificationDeliveries.channel);
}

export async function listDeliveries(
  tx: Tx,
  input: {
    status?: DeliveryStatus | undefined;
    channel?: NotificationChannel | undefined;
    userId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const d = notificationDeliveries;
  const conditions: (SQL | undefined)[] = [
    input.status ? eq(d.status, input.status) : undefined,
    input.channel ? eq(d.channel, input.channel) : undefined,
    input.userId ? eq(d.userId, input.userId) : undefined,
  ];
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, 2) as [string, string];
    const at = new Date(createdAt);
    conditions.push(or(lt(d.createdAt, at), and(eq(d.createdAt, at), lt(d.id, id))));
  }
  const rows = await tx
    .select()
    .from(d)
    .where(and(...conditions))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(input.limit + 1);
  return pageFrom(rows, input.limit, (row) => [row.createdAt.toISOString(), row.id]);
}

// ---------------------------------------------------------------- push subscriptions

export async function putPushSubscription(
  tx: Tx,
  input: {
    tenantId: string;
    userId: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    userAgent: string;
  },
): Promise<PushSubscription> {
  // The same browser subscribing again (or for another member on a shared computer) takes the endpoint over.
  const [row] = await tx
    .insert(pushSubscriptions)
    .values(input)
    .onConflictDoUpdate({
      target: [pushSubscriptions.tenantId, pushSubscriptions.endpoint],
      set: { userId: input.userId, p256dh: input.p256dh, auth: input.auth, userAgent: input.userAgent },
    })
    .returning();
  return row!;
}

export function pushSubscriptionsOf(tx: Tx, userId: string): Promise<PushSubscription[]> {
  return tx
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(desc(pushSubscriptions.createdAt));
}

export async function deletePushSubscription(
  tx: Tx,
  input: { userId?: string; id: string },
): Promise<boolean> {
  const rows = await tx
    .delete(pushSubscriptions)
    .where(
      and(
        eq(pushSubscriptions.id, input.id),
        input.userId ? eq(pushSubscriptions.userId, input.userId) : undefined,
      ),
    )
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}

export async function touchPushSubscription(tx: Tx, id: string): Promise<void> {
  await tx
    .update(pushSubscriptions)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(pushSubscriptions.id, id));
}

// ---------------------------------------------------------------- deliveries (worker)

export async function findDelivery(tx: Tx, id: string) {
  const [row] = await tx
    .select({ delivery: notificationDeliveries, notification: notifications })
    .from(notificationDeliveries)
    .innerJoin(
      notifications,
      and(
        eq(notifications.tenantId, notificationDeliveries.tenantId),
        eq(notifications.id, notificationDeliveries.notificationId),
      ),
    )
    .where(eq(notificationDeliveries.id, id))
    .for('update', { of: notificationDeliveries });
  return row;
}

export async function updateDelivery(
  tx: Tx,
  id: string,
  values: Partial<Pick<NotificationDelivery, 'status' | 'detail' | 'attempts' | 'deliveredAt'>>,
): Promise<void> {
  await tx
    .update(notificationDeliveries)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(notificationDeliveries.id, id));
}
