import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { assertAssignable } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { checkCustomFields } from '../custom-fields/custom-fields.commands.js';
import * as pipelinesRepo from '../pipelines/pipelines.repo.js';
import { baseCurrency } from './currency-settings.repo.js';
import {
  amountChangeOf,
  assertLostReason,
  assertTeam,
  ownerChangeOf,
  plainChangesOf,
  startingStage,
  visibleCustomer,
  type AmountChange,
} from './opportunity-checks.js';
import * as effects from './opportunity-effects.js';
import { OPPORTUNITY_PERMISSIONS, type OpportunityAction } from './opportunities.policy.js';
import { presentOpportunity } from './opportunities.presenter.js';
import * as repo from './opportunities.repo.js';
import type { CreateOpportunityInput, UpdateOpportunityInput } from './opportunities.schema.js';

/**
 * The one way a deal changes. Each command checks its policy and references, writes in the caller's
 * transaction, leaves history, an audit entry and a domain event, and returns the deal as it now is.
 * The HTTP routes and the chat assistant both call these with `{ actor, tx, ... }`.
 */

type Command = CommandInput;
export type OpportunityView = repo.OpportunityView;

const invalid = (path: string, message: string) => AppError.validation([{ path, message }]);

function allow(actor: TenantActor, action: OpportunityAction): void {
  assertAllowed(actor, OPPORTUNITY_PERMISSIONS, action);
}

/** A deal the actor may see; 404 otherwise (another organization, out of scope, or in the trash). */
export async function visibleOpportunity(tx: Tx, actor: TenantActor, id: string): Promise<OpportunityView> {
  const view = await repo.findVisible(tx, actor, id);
  if (!view) throw AppError.notFound('Opportunity');
  return view;
}

async function viewOf(tx: Tx, id: string): Promise<OpportunityView> {
  const view = await repo.findView(tx, id);
  if (!view) throw AppError.notFound('Opportunity');
  return view;
}

/** 409 with the deal as it is now, when the caller's version is not the current one. */
function assertCurrent(view: OpportunityView, version: number): void {
  if (view.opportunity.version !== version) throw AppError.staleVersion(presentOpportunity(view));
}

/** Writes `set` at `version` (one version bump); 409 with the current deal when someone was first. */
async function write(
  tx: Tx,
  before: OpportunityView,
  version: number,
  set: Parameters<typeof repo.updateOpportunity>[2],
): Promise<OpportunityView> {
  const updated = await repo.updateOpportunity(tx, { id: before.opportunity.id, version }, set);
  if (!updated) throw AppError.staleVersion(presentOpportunity(await viewOf(tx, before.opportunity.id)));
  return viewOf(tx, updated.id);
}

/** Creates a deal; the creator owns it unless they give it to someone in their record scope. */
export async function createOpportunity({
  actor,
  tx,
  ...input
}: Command & CreateOpportunityInput): Promise<OpportunityView> {
  allow(actor, 'create');
  const customer = await visibleCustomer(tx, actor, input.customerId);
  const stage = await startingStage(tx, input);
  assertLostReason(stage, input.lostReason);
  const ownerId = input.ownerId ?? actor.userId;
  await assertAssignable(tx, actor, ownerId, 'body.ownerId');
  await assertTeam(tx, input.teamId);
  const customFields = await checkCustomFields(tx, 'opportunity', input.customFields);
  const created = await repo.insertOpportunity(tx, {
    ...input,
    tenantId: actor.tenantId,
    customerId: customer.id,
    pipelineId: stage.pipelineId,
    stageId: stage.id,
    status: stage.kind,
    closedAt: stage.kind === 'open' ? null : sql`now()`,
    lostReason: stage.kind === 'lost' ? (input.lostReason ?? null) : null,
    currency: input.currency ?? (await baseCurrency(tx)),
    ownerId,
    customFields,
    createdBy: actor.userId,
  });
  const after = await viewOf(tx, created.id);
  await effects.recordStageChange(tx, actor, { before: undefined, after, emit: false });
  await effects.recordAmountChange(tx, actor, { before: undefined, after, emit: false });
  await effects.recordChange(tx, actor, {
    name: 'opportunity.created',
    before: undefined,
    after,
    details: {
      pipelineId: stage.pipelineId,
      probability: after.opportunity.probabilityOverride ?? stage.probability,
    },
  });
  return after;
}

/**
 * Changes a deal's fields (PATCH). An amount or currency change is recorded as `updateOpportunityAmount`
 * records it, an owner change as `assignOpportunity` does, each with its own history and event, and
 * all of it is one version bump. Nothing to change: the deal as it is.
 */
export async function updateOpportunity({
  actor,
  tx,
  opportunityId,
  version,
  ownerId,
  amount,
  currency,
  customFields: customFieldsInput,
  ...change
}: Command & UpdateOpportunityInput & { opportunityId: string }): Promise<OpportunityView> {
  allow(actor, 'update');
  const before = await visibleOpportunity(tx, actor, opportunityId);
  assertCurrent(before, version);
  const plain = plainChangesOf(before, change);
  await assertTeam(tx, change.teamId);
  if (customFieldsInput !== undefined) {
    const customFields = await checkCustomFields(
      tx,
      'opportunity',
      customFieldsInput,
      before.opportunity.customFields,
    );
    if (JSON.stringify(customFields) !== JSON.stringify(before.opportunity.customFields))
      plain.customFields = customFields;
  }
  const money = amountChangeOf(before, { amount, currency });
  const newOwnerId = await ownerChangeOf(tx, actor, before, ownerId);
  const fields = Object.keys(plain);
  if (!fields.length && !money && !newOwnerId) return before;
  const after = await write(tx, before, version, {
    ...plain,
    ...money,
    ...(newOwnerId && { ownerId: newOwnerId }),
  });
  if (fields.length)
    await effects.recordChange(tx, actor, {
      name: 'opportunity.updated',
      before,
      after,
      details: { changed: fields },
    });
  if (money) await effects.recordAmountChange(tx, actor, { before, after, emit: true });
  if (newOwnerId) await effects.recordAssignment(tx, actor, { before, after });
  return after;
}

/** Changes a deal's amount and/or currency: amount history and `opportunity.value_updated`. */
export async function updateOpportunityAmount({
  actor,
  tx,
  opportunityId,
  version,
  ...change
}: Command & AmountChange & { opportunityId: string; version: number }): Promise<OpportunityView> {
  allow(actor, 'update');
  if (change.amount === undefined && change.currency === undefined)
    throw invalid('body.amount', 'give an amount, a currency or both');
  const before = await visibleOpportunity(tx, actor, opportunityId);
  assertCurrent(before, version);
  const money = amountChangeOf(before, change);
  if (!money) return before;
  const after = await write(tx, before, version, money);
  await effects.recordAmountChange(tx, actor, { before, after, emit: true });
  return after;
}

/** Gives a deal to someone in the actor's record scope: `opportunity.assigned`. */
export async function assignOpportunity({
  actor,
  tx,
  opportunityId,
  version,
  ownerId,
}: Command & { opportunityId: string; version: number; ownerId: string }): Promise<OpportunityView> {
  allow(actor, 'update');
  const before = await visibleOpportunity(tx, actor, opportunityId);
  assertCurrent(before, version);
  const newOwnerId = await ownerChangeOf(tx, actor, before, ownerId);
  if (!newOwnerId) return before;
  const after = await write(tx, before, version, { ownerId: newOwnerId });
  await effects.recordAssignment(tx, actor, { before, after });
  return after;
}

/**
 * Moves a deal to another stage of its pipeline: its status follows the stage's kind, `closedAt` is set
 * on closing (won or lost) and cleared on reopening, a lost deal keeps its reason; stage history and
 * `opportunity.stage_changed`.
 */
export async function moveOpportunity({
  actor,
  tx,
  opportunityId,
  stageId,
  version,
  lostReason,
}: Command & {
  opportunityId: string;
  stageId: string;
  version: number;
  lostReason?: string | undefined;
}): Promise<OpportunityView> {
  allow(actor, 'move');
  const before = await visibleOpportunity(tx, actor, opportunityId);
  assertCurrent(before, version);
  const stage = (await pipelinesRepo.findStage(tx, stageId))?.stage;
  if (!stage) throw invalid('body.stageId', 'no such stage (or it is archived)');
  if (stage.pipelineId !== before.opportunity.pipelineId)
    throw invalid('body.stageId', "belongs to another pipeline than the opportunity's");
  if (stage.id === before.stage.id) throw invalid('body.stageId', 'is already the stage of this opportunity');
  assertLostReason(stage, lostReason);
  const stillClosed = stage.kind !== 'open' && stage.kind === before.opportunity.status;
  const after = await write(tx, before, version, {
    stageId: stage.id,
    status: stage.kind,
    stageEnteredAt: sql`now()`,
    closedAt: stage.kind === 'open' ? null : stillClosed ? before.opportunity.closedAt : sql`now()`,
    lostReason: stage.kind === 'lost' ? (lostReason ?? null) : null,
  });
  await effects.recordStageChange(tx, actor, { before, after, emit: true });
  return after;
}

/** Moves a deal to the trash: hidden everywhere, restorable for 30 days, its history kept. */
export async function deleteOpportunity({
  actor,
  tx,
  opportunityId,
}: Command & { opportunityId: string }): Promise<void> {
  allow(actor, 'delete');
  await repo.lock(tx, opportunityId);
  const before = await visibleOpportunity(tx, actor, opportunityId);
  const after = await write(tx, before, before.opportunity.version, {
    deletedAt: sql`now()`,
    deletedBy: actor.userId,
  });
  await effects.recordChange(tx, actor, { name: 'opportunity.deleted', before, after });
}

/** Brings a deal back from the trash (within 30 days of its deletion). */
export async function restoreOpportunity({
  actor,
  tx,
  opportunityId,
}: Command & { opportunityId: string }): Promise<OpportunityView> {
  allow(actor, 'restore');
  await repo.lock(tx, opportunityId);
  const before = await repo.findInTrash(tx, actor, opportunityId);
  if (!before) throw AppError.notFound('Opportunity');
  const [customer] = await queryRows<{ trashed: boolean }>(
    tx,
    sql`select deleted_at is not null as trashed from customers where id = ${before.opportunity.customerId}`,
  );
  if (customer?.trashed) {
    // A deal of a customer nobody can open would be a ghost; restoring the customer brings it back.
    throw new AppError('conflict', {
      message: 'Its customer is in the trash: restore the customer, and its deals come back with it',
    });
  }
  const after = await write(tx, before, before.opportunity.version, { deletedAt: null, deletedBy: null });
  await effects.recordChange(tx, actor, { name: 'opportunity.restored', before, after });
  return after;
}
