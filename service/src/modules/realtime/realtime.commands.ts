import type { Database, Tx } from '../../core/db/database.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { CommandInput } from '../../core/module/module.js';
import type { Logger } from '../../core/logger.js';
import { audience } from './realtime.policy.js';
import * as repo from './realtime.repo.js';

/** A member is offline when none of their connections' processes has beaten for this long. */
export const PRESENCE_LAPSE_MS = 60_000;
/** Events are kept this long for clients that reconnect (the promise is 10 minutes). */
export const EVENT_RETENTION_MS = 60 * 60_000;

/** Who of the caller's organization is online now. */
export async function listPresence({ tx, limit, cursor }: CommandInput & { limit: number; cursor?: string }) {
  const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
  const rows = await repo.onlineMembers(tx, { lapseMs: PRESENCE_LAPSE_MS, limit: limit + 1, after });
  return pageFrom(rows, limit, (row) => [row.name, row.user_id]);
}

async function announcePresence(
  tx: Tx,
  input: { tenantId: string; userId: string; name: 'user.online' | 'user.offline' },
): Promise<void> {
  await repo.insertEvent(tx, {
    tenantId: input.tenantId,
    name: input.name,
    recordType: 'user',
    recordId: input.userId,
    payload: { userId: input.userId, name: await repo.memberName(tx, input.userId) },
    audience: audience.everyone(),
  });
}

interface PresenceInput {
  tx: Tx;
  tenantId: string;
  userId: string;
  instanceId: string;
}

/** A connection opened: `user.online` when it is the member's first anywhere. */
export async function connectionOpened({ tx, tenantId, userId, instanceId }: PresenceInput) {
  await repo.lockTenantEvents(tx, tenantId);
  const before = await repo.openConnections(tx, userId, PRESENCE_LAPSE_MS);
  await repo.addConnection(tx, { tenantId, userId, instanceId });
  if (before === 0) await announcePresence(tx, { tenantId, userId, name: 'user.online' });
}

/** Connections closed (one, or `all` of this process's): `user.offline` when none is left anywhere. */
export async function connectionClosed({
  tx,
  tenantId,
  userId,
  instanceId,
  all,
}: PresenceInput & { all?: boolean }) {
  await repo.lockTenantEvents(tx, tenantId);
  await repo.removeConnection(tx, { userId, instanceId, all });
  if ((await repo.openConnections(tx, userId, PRESENCE_LAPSE_MS)) === 0)
    await announcePresence(tx, { tenantId, userId, name: 'user.offline' });
}

/**
 * Scheduled cleanup: events past their retention go (every organization at once), and members whose
 * processes stopped beating are taken offline, with `user.offline`, in their organization's scope.
 */
export async function cleanupRealtime(options: {
  db: Database;
  logger?: Logger;
  now?: Date;
}): Promise<{ eventsDeleted: number; wentOffline: number }> {
  const { db } = options;
  const now = options.now ?? new Date();
  const scheduler = { tenantId: null, system: 'schedules' } as const;
  const eventsDeleted = await db.transaction(scheduler, (tx) =>
    repo.deleteEventsBefore(tx, new Date(now.getTime() - EVENT_RETENTION_MS)),
  );
  const lapsed = await db.transaction(scheduler, (tx) =>
    repo.tenantsWithLapsedPresence(tx, PRESENCE_LAPSE_MS),
  );
  let wentOffline = 0;
  for (const tenantId of lapsed) {
    try {
      wentOffline += await db.transaction({ tenantId }, async (tx) => {
        await repo.lockTenantEvents(tx, tenantId);
        const gone = await repo.removeLapsedPresence(tx, PRESENCE_LAPSE_MS);
        for (const userId of gone) await announcePresence(tx, { tenantId, userId, name: 'user.offline' });
        return gone.length;
      });
    } catch (error) {
      options.logger?.error({ err: error, tenantId }, 'presence cleanup of an organization failed');
    }
  }
  return { eventsDeleted, wentOffline };
}
