/**
 * The event handler of the pipeline: each event that tells someone something becomes notifications
 * (`draftsFor` -> `notify`). Keyed by the event's position (or the platform announcement's id), so a
 * redelivered event writes nothing twice.
 */
import type { EventHandler } from '../../core/events/dispatcher.js';
import type { DeliveredEvent, DomainEventName } from '../../core/events/events.js';
import type { Tx } from '../../core/db/database.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { draftsFor } from './notification-drafts.js';
import { notifyAll, type NotifyInput } from './notify.js';

export const FANOUT_EVENTS: readonly DomainEventName[] = [
  'task.assigned',
  'task.updated',
  'task.completed',
  'task.commented',
  'task.deadline',
  'task.overdue',
  'opportunity.stage_changed',
  'opportunity.created',
  'opportunity.value_updated',
  'opportunity.updated',
  'goal.milestone_reached',
  'goal.achieved',
  'customer.interaction_reminder',
  'opportunity.deadline_approaching',
  'opportunity.prediction_changed',
  'team.announcement',
  'system.announcement',
  'import.completed',
];

function dedupeKeyOf(event: DeliveredEvent): string {
  const announcementId = event.payload.announcementId;
  if (event.name === 'system.announcement' && typeof announcementId === 'string') {
    return `system.announcement:${announcementId}`;
  }
  return `${event.name}:${event.position}`;
}

/** What one event tells, or nothing. */
async function inputOf(tx: Tx, deps: WorkerDeps, event: DeliveredEvent, now: Date): Promise<NotifyInput[]> {
  const drafts = await draftsFor(tx, event, deps.config);
  if (!drafts.length) return [];
  return [{ tenantId: event.tenantId, actorId: event.actorId, dedupeKey: dedupeKeyOf(event), drafts, now }];
}

export function fanoutHandler(deps: WorkerDeps): EventHandler {
  return {
    name: 'notifications.fanout',
    events: FANOUT_EVENTS,
    async handle(event, tx) {
      await notifyAll(tx, deps, await inputOf(tx, deps, event, new Date()));
    },
    // A burst (a minute's reminders) is written in one pass: one insert of every notification, one plan
    // of their deliveries.
    async handleBatch(events, tx) {
      const now = new Date();
      const inputs: NotifyInput[] = [];
      for (const event of events) inputs.push(...(await inputOf(tx, deps, event, now)));
      await notifyAll(tx, deps, inputs);
    },
  };
}
