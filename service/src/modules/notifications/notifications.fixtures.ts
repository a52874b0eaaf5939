/**
 * What notification tests need around them: tasks written straight into their tables (so these tests
 * do not depend on the tasks module's commands), domain events emitted as a given member, and a wait
 * for jobs that run on the worker.
 */
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { newId } from '../../core/db/columns.js';
import { queryRows, type Database } from '../../core/db/database.js';
import { runWithContext } from '../../core/context/request-context.js';
import { emitEvent, type DeliveredEvent, type DomainEvent } from '../../core/events/events.js';
import { taskAssignees, tasks, taskWatchers } from '../tasks/tasks.tables.js';
import type { TestOrganization } from '../../test/factories.js';

export interface TaskFixture {
  id: string;
  title: string;
  payload: Record<string, unknown>;
}

export async function seedTask(
  db: Database,
  org: TestOrganization,
  input: {
    title?: string;
    visibility?: 'private' | 'collaborative' | 'team';
    createdBy: string;
    assigneeIds: string[];
    watcherIds?: string[];
    dueAt?: Date;
    priority?: 'critical' | 'high' | 'medium' | 'low';
  },
): Promise<TaskFixture> {
  const id = newId();
  const title = input.title ?? `Task ${id.slice(-6)}`;
  const { tenantId } = org;
  await db.transaction({ tenantId }, async (tx) => {
    await tx.insert(tasks).values({
      tenantId,
      id,
      title,
      visibility: input.visibility ?? 'team',
      priority: input.priority ?? 'high',
      createdBy: input.createdBy,
      dueAt: input.dueAt ?? null,
    });
    if (input.assigneeIds.length)
      await tx
        .insert(taskAssignees)
        .values(input.assigneeIds.map((userId) => ({ tenantId, taskId: id, userId })));
    if (input.watcherIds?.length)
      await tx
        .insert(taskWatchers)
        .values(input.watcherIds.map((userId) => ({ tenantId, taskId: id, userId })));
  });
  return {
    id,
    title,
    payload: {
      taskId: id,
      title,
      visibility: input.visibility ?? 'team',
      priority: input.priority ?? 'high',
      status: 'todo',
      dueAt: input.dueAt?.toISOString() ?? null,
      createdBy: input.createdBy,
      assigneeIds: input.assigneeIds,
      watcherIds: input.watcherIds ?? [],
      customerId: null,
      opportunityId: null,
    },
  };
}

/** Emits `event` in the organization as `actorId` did it (null: the system, as schedules do). */
export function emitAs(
  db: Database,
  org: TestOrganization,
  actorId: string | null,
  event: DomainEvent,
): Promise<void> {
  const context = {
    requestId: uuidv7(),
    via: 'web' as const,
    tenantId: org.tenantId,
    userId: actorId ?? undefined,
  };
  return runWithContext(context, () =>
    db.transaction({ tenantId: org.tenantId }, (tx) => emitEvent(tx, org.tenantId, event)),
  );
}

/** The last event of that name in the organization, as the dispatcher hands it to a handler. */
export async function lastEvent(
  db: Database,
  org: TestOrganization,
  name: DeliveredEvent['name'],
): Promise<DeliveredEvent> {
  const [row] = await db.transaction({ tenantId: null, system: 'events' }, (tx) =>
    queryRows<{
      tenant_id: string;
      position: string;
      name: DeliveredEvent['name'];
      stream_type: string;
      stream_id: string;
      payload: Record<string, unknown>;
      actor_id: string | null;
      via: DeliveredEvent['via'];
      occurred_at: string | Date;
    }>(
      tx,
      sql`select * from domain_events where tenant_id = ${org.tenantId} and name = ${name} order by position desc limit 1`,
    ),
  );
  return {
    tenantId: row!.tenant_id,
    position: Number(row!.position),
    name: row!.name,
    streamType: row!.stream_type,
    streamId: row!.stream_id,
    payload: row!.payload,
    actorId: row!.actor_id,
    via: row!.via,
    occurredAt: new Date(row!.occurred_at),
  };
}

/** Notifications of the organization by recipient, as rows (kind, title, record). */
export async function notificationsOf(db: Database, org: TestOrganization, userId: string) {
  return db.transaction({ tenantId: org.tenantId }, (tx) =>
    queryRows<{ id: string; kind: string; title: string; record_id: string | null; dedupe_key: string }>(
      tx,
      sql`select id, kind, title, record_id, dedupe_key from notifications where user_id = ${userId} order by created_at, id`,
    ),
  );
}

export async function deliveriesOf(db: Database, org: TestOrganization, notificationId: string) {
  const rows = await db.transaction({ tenantId: org.tenantId }, (tx) =>
    queryRows<{
      id: string;
      channel: string;
      status: string;
      detail: string;
      attempts: number;
      not_before: Date | string | null;
    }>(
      tx,
      sql`select id, channel, status, detail, attempts, not_before from notification_deliveries where notification_id = ${notificationId}`,
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.channel, row]));
}

/** Retries `check` until it returns a value (jobs run on the worker's polling); fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
