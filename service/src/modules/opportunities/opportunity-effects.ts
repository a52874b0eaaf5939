import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { emitEvent, type DomainEventName } from '../../core/events/events.js';
import type { TenantActor } from '../../core/identity/actor.js';
import * as repo from './opportunities.repo.js';

/**
 * What every change of a deal leaves behind, in the command's transaction: its history rows, an audit
 * entry with before and after, and a domain event whose payload says enough for a notification without
 * another read (who, which customer, which stage, how much).
 */

type View = repo.OpportunityView;

/** The facts about a deal every event carries. */
function about({ opportunity: o, stage, customer, owner }: View) {
  return {
    opportunityId: o.id,
    name: o.name,
    customerId: customer.id,
    customerName: customer.name,
    ownerId: owner.id,
    ownerName: owner.name,
    stageId: stage.id,
    stageName: stage.name,
    status: o.status,
    amount: o.amount,
    currency: o.currency,
  };
}

export async function recordChange(
  tx: Tx,
  actor: TenantActor,
  change: {
    name: DomainEventName;
    before: View | undefined;
    after: View;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const { name, before, after, details } = change;
  await recordAudit(tx, actor.tenantId, {
    action: name,
    entityType: 'opportunity',
    entityId: after.opportunity.id,
    before: before?.opportunity ?? null,
    after: after.opportunity,
  });
  await emitEvent(tx, actor.tenantId, {
    name,
    stream: { type: 'opportunity', id: after.opportunity.id },
    payload: { ...about(after), ...details },
  });
}

/** A deal entered a stage (on creation too, from none): history, audit, `opportunity.stage_changed`. */
export async function recordStageChange(
  tx: Tx,
  actor: TenantActor,
  input: { before: View | undefined; after: View; emit: boolean },
): Promise<void> {
  const { before, after } = input;
  await repo.insertStageChange(tx, {
    tenantId: actor.tenantId,
    opportunityId: after.opportunity.id,
    fromStageId: before?.stage.id ?? null,
    toStageId: after.stage.id,
    byUserId: actor.userId,
    via: actor.via,
    lostReason: after.stage.kind === 'lost' ? after.opportunity.lostReason : null,
  });
  if (!input.emit) return;
  await recordChange(tx, actor, {
    name: 'opportunity.stage_changed',
    before,
    after,
    details: {
      fromStageId: before?.stage.id ?? null,
      fromStageName: before?.stage.name ?? null,
      toStageId: after.stage.id,
      toStageName: after.stage.name,
      fromStatus: before?.opportunity.status ?? null,
      lostReason: after.opportunity.lostReason,
    },
  });
}

/** A deal's amount or currency changed (or was first set): history, audit, `opportunity.value_updated`. */
export async function recordAmountChange(
  tx: Tx,
  actor: TenantActor,
  input: { before: View | undefined; after: View; emit: boolean },
): Promise<void> {
  const { before, after } = input;
  const from = before?.opportunity;
  await repo.insertAmountChange(tx, {
    tenantId: actor.tenantId,
    opportunityId: after.opportunity.id,
    fromAmount: from?.amount ?? null,
    fromCurrency: from?.currency ?? null,
    toAmount: after.opportunity.amount,
    toCurrency: after.opportunity.currency,
    byUserId: actor.userId,
    via: actor.via,
  });
  if (!input.emit) return;
  await recordChange(tx, actor, {
    name: 'opportunity.value_updated',
    before,
    after,
    details: {
      fromAmount: from?.amount ?? null,
      fromCurrency: from?.currency ?? null,
      toAmount: after.opportunity.amount,
      toCurrency: after.opportunity.currency,
    },
  });
}

/** A deal changed hands: audit and `opportunity.assigned` (the new owner is told). */
export function recordAssignment(
  tx: Tx,
  actor: TenantActor,
  input: { before: View; after: View },
): Promise<void> {
  const { before, after } = input;
  return recordChange(tx, actor, {
    name: 'opportunity.assigned',
    before,
    after,
    details: {
      fromOwnerId: before.owner.id,
      fromOwnerName: before.owner.name,
      toOwnerId: after.owner.id,
      toOwnerName: after.owner.name,
      assignedById: actor.userId,
    },
  });
}
