import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAssignable } from '../../core/identity/record-scope.js';
import * as pipelinesRepo from '../pipelines/pipelines.repo.js';
import type { Stage } from '../pipelines/pipelines.tables.js';
import * as repo from './opportunities.repo.js';
import type { UpdateOpportunityInput } from './opportunities.schema.js';

/**
 * What the commands check before they write: that the records a deal refers to exist and are the
 * caller's to use (422s naming the field otherwise), and what an input really changes.
 */

type OpportunityView = repo.OpportunityView;

const invalid = (path: string, message: string) => AppError.validation([{ path, message }]);

export async function visibleCustomer(tx: Tx, actor: TenantActor, customerId: string) {
  const customer = await repo.findVisibleCustomer(tx, actor, customerId);
  if (!customer) throw invalid('body.customerId', 'no such customer');
  return customer;
}

export async function assertTeam(tx: Tx, teamId: string | null | undefined): Promise<void> {
  if (teamId && !(await repo.teamExists(tx, teamId)))
    throw invalid('body.teamId', 'no such team in this organization');
}

/** Where a new deal starts: the stage given, else the first open stage of the (default) pipeline. */
export async function startingStage(
  tx: Tx,
  input: { pipelineId?: string | undefined; stageId?: string | undefined },
): Promise<Stage> {
  const { pipelineId, stageId } = input;
  if (pipelineId && !(await pipelinesRepo.findPipeline(tx, pipelineId)))
    throw invalid('body.pipelineId', 'no such pipeline');
  if (stageId) {
    const found = await pipelinesRepo.findStage(tx, stageId);
    if (!found) throw invalid('body.stageId', 'no such stage (or it is archived)');
    if (pipelineId && found.stage.pipelineId !== pipelineId)
      throw invalid('body.stageId', 'belongs to another pipeline');
    return found.stage;
  }
  if (pipelineId) {
    const stages = (await pipelinesRepo.stagesOf(tx, [pipelineId])).get(pipelineId) ?? [];
    const first = stages.find((stage) => stage.kind === 'open');
    if (!first) throw invalid('body.pipelineId', 'has no open stage');
    return first;
  }
  const fallback = await pipelinesRepo.defaultPipeline(tx);
  if (!fallback) throw invalid('body.pipelineId', 'the organization has no default pipeline; give one');
  return fallback.stage;
}

export function assertLostReason(stage: Stage, lostReason: string | undefined): void {
  if (lostReason !== undefined && stage.kind !== 'lost')
    throw invalid('body.lostReason', 'is given only when the deal moves to a lost stage');
}

export type AmountChange = { amount?: string | undefined; currency?: string | undefined };

/** An exact decimal in one spelling ("040000.5" and "40000.50" are both "40000.50"). */
function canonicalAmount(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

/** The new amount and currency when they differ from the deal's; undefined when nothing changes. */
export function amountChangeOf(view: OpportunityView, change: AmountChange) {
  const { amount, currency } = view.opportunity;
  const next = { amount: change.amount ?? amount, currency: change.currency ?? currency };
  const same = canonicalAmount(next.amount) === canonicalAmount(amount) && next.currency === currency;
  return same ? undefined : next;
}

/** The new owner and their name when it differs from the deal's; checks they are assignable. */
export async function ownerChangeOf(tx: Tx, actor: TenantActor, view: OpportunityView, ownerId?: string) {
  if (ownerId === undefined || ownerId === view.opportunity.ownerId) return undefined;
  await assertAssignable(tx, actor, ownerId, 'body.ownerId');
  return ownerId;
}

const PLAIN_FIELDS = [
  'name',
  'expectedCloseDate',
  'teamId',
  'source',
  'competitors',
  'competitionLevel',
  'nextStep',
  'probabilityOverride',
  'tags',
] as const;

/** The plain fields of `change` whose value differs from the deal's. */
export function plainChangesOf(view: OpportunityView, change: Partial<UpdateOpportunityInput>) {
  const changed: Record<string, unknown> = {};
  for (const field of PLAIN_FIELDS) {
    const value = change[field];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(view.opportunity[field]))
      changed[field] = value;
  }
  return changed;
}
