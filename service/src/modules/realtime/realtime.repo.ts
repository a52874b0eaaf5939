import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';

/** A realtime event as read back (ids are bigints, read as numbers: they stay far below 2^53). */
export interface RealtimeEventRow {
  id: number;
  name: string;
  record_type: string | null;
  record_id: string | null;
  payload: Record<string, unknown>;
  audience: string[];
  created_at: Date | string;
}

const COLUMNS = sql`id::float8 as id, name, record_type, record_id, payload, audience, created_at`;

/**
 * Serializes the organization's realtime writes until commit: ids are taken in commit order, so a
 * reader that has seen id N has seen every smaller id of the organization (resume and the live pump read
 * `id > N` without gaps).
 */
export async function lockTenantEvents(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`closer_realtime:${tenantId}`}, 0))`);
}

export interface NewRealtimeEvent {
  tenantId: string;
  name: string;
  recordType: string | null;
  recordId: string | null;
  payload: Record<string, unknown>;
  /** Subquery of the user ids who receive it; nothing is written when it is empty. */
  audience: SQL;
  /** The domain event it comes from: a second delivery of it writes nothing. */
  sourcePosition?: number;
}

/** Writes the event (its trigger NOTIFYs `closer_realtime` at commit); takes the organization's lock first. */
export async function insertEvent(tx: Tx, event: NewRealtimeEvent): Promise<void> {
  await lockTenantEvents(tx, event.tenantId);
  await tx.execute(sql`insert into realtime_events
      (tenant_id, name, record_type, record_id, payload, audience, source_position)
    select ${event.tenantId}, ${event.name}, ${event.recordType}, ${event.recordId},
      ${JSON.stringify(event.payload)}::jsonb, a.audience, ${event.sourcePosition ?? null}::bigint
    from (select array(select distinct x.user_id from ${event.audience} x(user_id)) as audience) a
    where cardinality(a.audience) > 0
    on conflict (tenant_id, source_position) do nothing`);
}

/** The organization's newest event id (0 when it has none). */
export async function latestEventId(tx: Tx): Promise<number> {
  const [row] = await queryRows<{ id: number | null }>(
    tx,
    sql`select max(id)::float8 as id from realtime_events`,
  );
  return row?.id ?? 0;
}

/** Events after `afterId` (all of them, for the live fan-out), oldest first. */
export function eventsAfter(tx: Tx, afterId: number, limit: number): Promise<RealtimeEventRow[]> {
  return queryRows<RealtimeEventRow>(
    tx,
    sql`select ${COLUMNS} from realtime_events where id > ${afterId} order by id limit ${limit}`,
  );
}

/** What `userId` missed between two ids (a resume), oldest first. */
export function missedEvents(
  tx: Tx,
  input: { userId: string; afterId: number; upToId: number },
): Promise<RealtimeEventRow[]> {
  return queryRows<RealtimeEventRow>(
    tx,
    sql`select ${COLUMNS} from realtime_events
      where id > ${input.afterId} and id <= ${input.upToId} and ${input.userId}::uuid = any(audience)
      order by id`,
  );
}

/** Whether the organization still keeps the event `id` (a resume point must be one). */
export async function eventKept(tx: Tx, id: number): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from realtime_events where id = ${id}`,
  );
  return rows.length > 0;
}

/** Old events of every organization (scheduled work). */
export async function deleteEventsBefore(tx: Tx, before: Date): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`delete from realtime_events where created_at < ${before} returning 1 as id`,
  );
  return rows.length;
}

// Presence: one row per (member, process) holding their open connections, with a heartbeat.

const FRESH = (lapseMs: number) => sql`heartbeat_at > now() - ${`${lapseMs} milliseconds`}::interval`;

/** Connections `userId` has open on every process, counting only live heartbeats. */
export async function openConnections(tx: Tx, userId: string, lapseMs: number): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    tx,
    sql`select coalesce(sum(connections), 0)::int as total from presence
      where user_id = ${userId} and ${FRESH(lapseMs)}`,
  );
  return row?.total ?? 0;
}

export async function addConnection(
  tx: Tx,
  input: { tenantId: string; userId: string; instanceId: string },
): Promise<void> {
  await tx.execute(sql`insert into presence (tenant_id, user_id, instance_id, connections, heartbeat_at)
    values (${input.tenantId}, ${input.userId}, ${input.instanceId}, 1, now())
    on conflict (tenant_id, user_id, instance_id)
    do update set connections = presence.connections + 1, heartbeat_at = now()`);
}

export async function removeConnection(
  tx: Tx,
  input: { userId: string; instanceId: string; all?: boolean },
): Promise<void> {
  const where = sql`user_id = ${input.userId} and instance_id = ${input.instanceId}`;
  if (input.all) {
    await tx.execute(sql`delete from presence where ${where}`);
    return;
  }
  await tx.execute(sql`update presence set connections = connections - 1 where ${where}`);
  await tx.execute(sql`delete from presence where ${where} and connections <= 0`);
}

/** Keeps this process's rows of the organization alive. */
export async function touchPresence(tx: Tx, instanceId: string): Promise<void> {
  await tx.execute(sql`update presence set heartbeat_at = now() where instance_id = ${instanceId}`);
}

/** Organizations with presence rows whose process stopped beating (scheduled work). */
export async function tenantsWithLapsedPresence(tx: Tx, lapseMs: number): Promise<string[]> {
  const rows = await queryRows<{ tenant_id: string }>(
    tx,
    sql`select distinct tenant_id from presence where not ${FRESH(lapseMs)}`,
  );
  return rows.map((row) => row.tenant_id);
}

/** Removes the organization's lapsed rows; returns the users left with no live connection. */
export async function removeLapsedPresence(tx: Tx, lapseMs: number): Promise<string[]> {
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`with gone as (delete from presence where not ${FRESH(lapseMs)} returning user_id)
      select distinct g.user_id from gone g
      where not exists (select 1 from presence p where p.user_id = g.user_id and p.heartbeat_at > now() - ${`${lapseMs} milliseconds`}::interval)`,
  );
  return rows.map((row) => row.user_id);
}

export interface OnlineRow {
  user_id: string;
  name: string;
  last_seen_at: Date | string;
}

/** Members with a live connection, by name then id, after the cursor's key. */
export function onlineMembers(
  tx: Tx,
  input: { lapseMs: number; limit: number; after?: [string, string] },
): Promise<OnlineRow[]> {
  const after = input.after ? sql`and (u.name, u.id) > (${input.after[0]}, ${input.after[1]}::uuid)` : sql``;
  return queryRows<OnlineRow>(
    tx,
    sql`select u.id as user_id, u.name, max(p.heartbeat_at) as last_seen_at
      from presence p
      join memberships m on m.tenant_id = p.tenant_id and m.user_id = p.user_id and m.status = 'active'
      join users u on u.id = p.user_id
      where p.heartbeat_at > now() - ${`${input.lapseMs} milliseconds`}::interval ${after}
      group by u.id, u.name
      order by u.name, u.id
      limit ${input.limit}`,
  );
}

/** A member's name (for presence events). */
export async function memberName(tx: Tx, userId: string): Promise<string> {
  const [row] = await queryRows<{ name: string }>(tx, sql`select name from users where id = ${userId}`);
  return row?.name ?? '';
}
