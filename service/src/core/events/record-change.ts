import { recordAudit } from '../audit/audit.js';
import type { Tx } from '../db/database.js';
import { emitEvent, type DomainEventName } from './events.js';

/** A change a command made to one record, as the audit log and the event log both tell it. */
export interface RecordedChange {
  /** The event's name, also the audit entry's action ("customer.deleted"). */
  name: DomainEventName;
  record: { type: string; id: string };
  before?: object | null;
  after?: object | null;
  /** What handlers (notifications, realtime, workflows) need, without reading the record again. */
  payload: Record<string, unknown>;
}

/**
 * Writes what every command writes beside its change: the audit entry (before/after, who, via) and the
 * domain event, in the command's transaction, so both exist exactly when the change does.
 */
export async function recordChange(tx: Tx, tenantId: string, change: RecordedChange): Promise<void> {
  await recordAudit(tx, tenantId, {
    action: change.name,
    entityType: change.record.type,
    entityId: change.record.id,
    before: change.before ?? null,
    after: change.after ?? null,
  });
  await emitEvent(tx, tenantId, { name: change.name, stream: change.record, payload: change.payload });
}
