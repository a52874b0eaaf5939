import type { SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { EventHandler } from '../../core/events/dispatcher.js';
import type { DeliveredEvent, DomainEventName } from '../../core/events/events.js';
import { audience } from './realtime.policy.js';
import * as repo from './realtime.repo.js';
import type { RealtimeEventName } from './realtime.schema.js';

/** What a client is sent about one domain event, and who may receive it. */
interface Publication {
  name: RealtimeEventName;
  recordType: string;
  recordId: string;
  payload: Record<string, unknown>;
  audience: SQL;
}

const TASK_KEYS = [
  'taskId',
  'title',
  'visibility',
  'priority',
  'status',
  'dueAt',
  'createdBy',
  'assigneeIds',
  'watcherIds',
  'customerId',
  'opportunityId',
  'addedAssigneeIds',
  'assignedBy',
  'changes',
  'fromStatus',
  'toStatus',
] as const;

/** Only the task's own facts (ids of what it links to, never their contents). */
function pick(payload: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in payload).map((key) => [key, payload[key]]));
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function taskPublication(event: DeliveredEvent, name: RealtimeEventName): Publication {
  return {
    name,
    recordType: 'task',
    recordId: event.streamId,
    payload: pick(event.payload, TASK_KEYS),
    audience: audience.task(event.streamId),
  };
}

function opportunityPublication(event: DeliveredEvent, name: RealtimeEventName): Publication | undefined {
  const owners = [text(event.payload.ownerId), text(event.payload.fromOwnerId)].filter(
    (id): id is string => !!id,
  );
  if (!owners.length) return undefined;
  return {
    name,
    recordType: 'opportunity',
    recordId: event.streamId,
    payload: event.payload,
    audience: audience.opportunity([...new Set(owners)]),
  };
}

function notificationPublication(event: DeliveredEvent, name: RealtimeEventName): Publication | undefined {
  const userId = text(event.payload.userId);
  if (!userId) return undefined;
  return {
    name,
    recordType: 'notification',
    recordId: event.streamId,
    payload: pick(event.payload, ['notificationId', 'notificationIds', 'userId', 'kind', 'title']),
    audience: audience.user(userId),
  };
}

function announcementPublication(event: DeliveredEvent): Publication {
  const maintenance = event.payload.kind === 'maintenance';
  return {
    name: maintenance ? 'system.maintenance' : 'system.announcement',
    recordType: 'announcement',
    recordId: event.streamId,
    payload: pick(event.payload, ['title', 'body', 'kind', 'startsAt', 'endsAt']),
    audience: audience.everyone(),
  };
}

/** The progress of someone's import or export: theirs alone (the payload carries `userId`). */
function jobPublication(event: DeliveredEvent, name: RealtimeEventName): Publication | undefined {
  const userId = text(event.payload.userId);
  if (!userId) return undefined;
  return {
    name,
    recordType: event.streamType,
    recordId: event.streamId,
    payload: event.payload,
    audience: audience.user(userId),
  };
}

const PUBLISHERS: Partial<Record<DomainEventName, (event: DeliveredEvent) => Publication | undefined>> = {
  'task.created': (event) => taskPublication(event, 'task.created'),
  'task.assigned': (event) => taskPublication(event, 'task.assigned'),
  'task.updated': (event) => taskPublication(event, 'task.updated'),
  'task.completed': (event) => taskPublication(event, 'task.completed'),
  'opportunity.created': (event) => opportunityPublication(event, 'opportunity.created'),
  'opportunity.updated': (event) => opportunityPublication(event, 'opportunity.updated'),
  'opportunity.stage_changed': (event) => opportunityPublication(event, 'opportunity.stage_changed'),
  'opportunity.value_updated': (event) => opportunityPublication(event, 'opportunity.value_updated'),
  'opportunity.assigned': (event) => opportunityPublication(event, 'opportunity.assigned'),
  'opportunity.prediction_changed': (event) =>
    opportunityPublication(event, 'opportunity.prediction_changed'),
  'notification.new': (event) => notificationPublication(event, 'notification.new'),
  'notification.read': (event) => notificationPublication(event, 'notification.read'),
  'system.announcement': announcementPublication,
  'import.progress': (event) => jobPublication(event, 'import.progress'),
  'import.completed': (event) => jobPublication(event, 'import.completed'),
  'import.undone': (event) => jobPublication(event, 'import.undone'),
  'export.progress': (event) => jobPublication(event, 'export.progress'),
  'export.completed': (event) => jobPublication(event, 'export.completed'),
};

/** The domain events that reach WebSocket clients. */
export const PUBLISHED_EVENTS = Object.keys(PUBLISHERS) as DomainEventName[];

/**
 * Turns a domain event into the realtime event clients are sent, with its audience computed now, in
 * the event's transaction (who may see the record as of this change). Idempotent: the row is keyed by
 * the domain event's position.
 */
export async function publishDomainEvent(tx: Tx, event: DeliveredEvent): Promise<void> {
  const publication = PUBLISHERS[event.name]?.(event);
  if (!publication) return;
  await repo.insertEvent(tx, {
    tenantId: event.tenantId,
    ...publication,
    sourcePosition: event.position,
  });
}

const NOTIFICATION_EVENTS = new Set<DomainEventName>(['notification.new', 'notification.read']);

/**
 * The worker side of real time: domain events -> `realtime_events` rows (NOTIFY at commit). Two handlers
 * with their own checkpoints: records (tasks, deals, announcements) and each member's notifications, so
 * the thousand `notification.new` one stage change can raise never queue the next stage change.
 */
export function realtimeEventHandlers(): EventHandler[] {
  const handler = (name: string, events: DomainEventName[]): EventHandler => ({
    name,
    events,
    handle: (event, tx) => publishDomainEvent(tx, event),
  });
  return [
    handler(
      'realtime.publish',
      PUBLISHED_EVENTS.filter((name) => !NOTIFICATION_EVENTS.has(name)),
    ),
    handler('realtime.notifications', [...NOTIFICATION_EVENTS]),
  ];
}
