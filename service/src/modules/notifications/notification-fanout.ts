/**
 * The event handler of the pipeline: each event that tells someone something becomes notifications
 * (`draftsFor` -> `notify`). Keyed by the event's position (or the platform announcement's id), so a
 * redelivered event writes nothing twice.
 */
import type { EventHandler } from '../../core/events/dispatcher.js';
import type { DeliveredEvent, DomainEventName } from '../../core/events/events.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { draftsFor } from './notification-drafts.js';
import { notify } from './notify.js';

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
  'team.announcement',
  'system.announcement',
];

function dedupeKeyOf(event: DeliveredEvent): string {
  const announcementId = event.payload.announcementId;
  if (event.name === 'system.announcement' && typeof announcementId === 'string') {
    return `system.announcement:${announcementId}`;
  }
  return `${event.name}:${event.position}`;
}

export function fanoutHandler(deps: WorkerDeps): EventHandler {
  return {
    name: 'notifications.fanout',
    events: FANOUT_EVENTS,
    async handle(event, tx) {
      const drafts = await draftsFor(tx, event, deps.config);
      if (!drafts.length) return;
      await notify(tx, deps, {
        tenantId: event.tenantId,
        actorId: event.actorId,
        dedupeKey: dedupeKeyOf(event),
        drafts,
        now: new Date(),
      });
    },
  };
}
