import { currentContext } from '../context/request-context.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Tx } from '../db/database.js';
import type { Via } from '../identity/actor.js';

/**
 * The names of what can happen, as the product specification spells them (its WebSocket event types)
 * plus the CRM's own. Handlers subscribe to these; a name not in this list does not compile.
 */
export const DOMAIN_EVENT_NAMES = [
  'customer.created',
  'customer.updated',
  'customer.assigned',
  'customer.deleted',
  'customer.restored',
  'customer.merged',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.restored',
  'contact.merged',
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stage_changed',
  'opportunity.value_updated',
  'opportunity.assigned',
  'opportunity.deleted',
  'opportunity.restored',
  'interaction.logged',
  'interaction.updated',
  'interaction.deleted',
  'interaction.restored',
  'document.uploaded',
  'document.deleted',
  'pipeline.created',
  'pipeline.updated',
  'task.created',
  'task.assigned',
  'task.updated',
  'task.completed',
  'task.commented',
  'task.deleted',
  'task.restored',
  /** A reminder before the due date came due (schedules). */
  'task.deadline',
  /** An open task passed its due date by the escalation delay (schedules). */
  'task.overdue',
  'goal.created',
  'goal.updated',
  'goal.deleted',
  'goal.milestone_reached',
  'goal.achieved',
  /** An open deal had no interaction for the organization's reminder delay (schedules). */
  'customer.interaction_reminder',
  /** An open deal's expected close date is near (schedules; once per close date). */
  'opportunity.deadline_approaching',
  /** The predictive engine's success probability of an open deal moved by the alert threshold or more. */
  'opportunity.prediction_changed',
  'notification.new',
  'notification.read',
  /** A manager's announcement to their teams. */
  'team.announcement',
  /** A platform announcement reached an organization (maintenance, feature, security). */
  'system.announcement',
  /** An import committed a batch (its counts and progress; for its importer's screen). */
  'import.progress',
  /** An import finished: completed, failed or cancelled (one event, not one per row). */
  'import.completed',
  'import.undone',
  'export.progress',
  'export.completed',
] as const;

export type DomainEventName = (typeof DOMAIN_EVENT_NAMES)[number];

/** What a command says happened to one record. */
export interface DomainEvent {
  name: DomainEventName;
  /** The record it is about; events of one record reach each handler in the order they were written. */
  stream: { type: string; id: string };
  payload: Record<string, unknown>;
}

/** An event as a handler receives it. */
export interface DeliveredEvent {
  tenantId: string;
  /** Unique per organization and increasing: handlers use it to make a second delivery a no-op. */
  position: number;
  name: DomainEventName;
  streamType: string;
  streamId: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  via: Via;
  occurredAt: Date;
}

const EVENT_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['name', 'text'],
  ['stream_type', 'text'],
  ['stream_id', 'uuid'],
  ['payload', 'jsonb'],
  ['actor_id', 'uuid'],
  ['via', 'text'],
] as const;

/**
 * Appends events to the log in the command's own transaction: they exist exactly when the change does.
 * Who acted and through which channel come from the unit of work, as for audit entries.
 */
export async function emitEvents(tx: Tx, tenantId: string, events: readonly DomainEvent[]): Promise<void> {
  const context = currentContext();
  await bulkInsert(
    tx,
    'domain_events',
    EVENT_COLUMNS,
    events.map((event) => ({
      tenant_id: tenantId,
      name: event.name,
      stream_type: event.stream.type,
      stream_id: event.stream.id,
      payload: event.payload,
      actor_id: context?.userId ?? null,
      via: context?.via ?? 'system',
    })),
  );
}

export function emitEvent(tx: Tx, tenantId: string, event: DomainEvent): Promise<void> {
  return emitEvents(tx, tenantId, [event]);
}
