import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import { AppError } from '../../core/errors/app-error.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { CommandInput } from '../../core/module/module.js';
import { baseCurrency } from './currency-settings.repo.js';
import { visibleOpportunity, type OpportunityView } from './opportunities.commands.js';
import * as pipelinesRepo from '../pipelines/pipelines.repo.js';
import { OPPORTUNITY_PERMISSIONS } from './opportunities.policy.js';
import * as repo from './opportunities.repo.js';
import type { OpportunityListFilters } from './opportunities.schema.js';
import { changesOf, type ChangeRow } from './opportunity-history.repo.js';
import { stageTotals, type StageTotals } from './pipeline-summary.repo.js';

/** Won and lost stages count the deals closed in the last this many days unless a period is given. */
export const DEFAULT_CLOSED_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What people and the assistant read about deals: lists, one deal, its history, pipeline totals. */

type Command = CommandInput;

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

const cursorOf = (cursor: string | undefined) => {
  if (cursor === undefined) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  return { at, id };
};

/** A page of the deals the actor sees (or their trash), newest first. */
export async function listOpportunities({
  actor,
  tx,
  ...filters
}: Command & OpportunityListFilters): Promise<Page<OpportunityView>> {
  assertAllowed(actor, OPPORTUNITY_PERMISSIONS, 'list');
  const after = cursorOf(filters.cursor);
  const rows = await repo.listViews(tx, actor, filters, after && { createdAt: after.at, id: after.id });
  return pageFrom(rows, filters.limit, (row) => [row.createdAtKey, row.opportunity.id]);
}

export function getOpportunity({ actor, tx, opportunityId }: Command & { opportunityId: string }) {
  assertAllowed(actor, OPPORTUNITY_PERMISSIONS, 'read');
  return visibleOpportunity(tx, actor, opportunityId);
}

/** A deal's stage moves and amount changes, newest first, with who made them and through what. */
export async function opportunityHistory({
  actor,
  tx,
  opportunityId,
  limit,
  cursor,
}: Command & { opportunityId: string; limit: number; cursor?: string | undefined }): Promise<
  Page<ChangeRow>
> {
  assertAllowed(actor, OPPORTUNITY_PERMISSIONS, 'read');
  await visibleOpportunity(tx, actor, opportunityId);
  const rows = await changesOf(tx, { opportunityId, cursor: cursorOf(cursor), limit: limit + 1 });
  return pageFrom(rows, limit, (row) => [row.atKey, row.id]);
}

/**
 * Per stage of a pipeline (the default one unless given): how many deals the actor sees there, their
 * total in the organization's base currency, and the total weighted by each deal's probability. Open
 * stages count every open deal; won and lost stages the deals closed in the period: from `closedAfter`
 * (a date, inclusive; default: 90 days ago) to `closedBefore` (a date, inclusive; default: no end).
 */
export async function pipelineSummary({
  actor,
  tx,
  pipelineId,
  ownerId,
  closedAfter,
  closedBefore,
}: Command & {
  pipelineId?: string | undefined;
  ownerId?: string | undefined;
  closedAfter?: string | undefined;
  closedBefore?: string | undefined;
}): Promise<{
  pipelineId: string;
  baseCurrency: string;
  closedAfter: string;
  closedBefore: string | null;
  stages: StageTotals[];
}> {
  assertAllowed(actor, OPPORTUNITY_PERMISSIONS, 'list');
  const after = closedAfter
    ? new Date(`${closedAfter}T00:00:00Z`)
    : new Date(Date.parse(new Date().toISOString().slice(0, 10)) - DEFAULT_CLOSED_DAYS * DAY_MS);
  const before = closedBefore ? new Date(Date.parse(`${closedBefore}T00:00:00Z`) + DAY_MS) : undefined;
  if (before && before <= after) {
    throw AppError.validation([{ path: 'query.closedBefore', message: 'is before closedAfter' }]);
  }
  const pipeline = pipelineId
    ? await pipelinesRepo.findPipeline(tx, pipelineId)
    : (await pipelinesRepo.defaultPipeline(tx))?.pipeline;
  if (!pipeline) {
    throw AppError.validation([
      {
        path: 'query.pipelineId',
        message: pipelineId ? 'no such pipeline' : 'the organization has no default pipeline; give one',
      },
    ]);
  }
  return {
    pipelineId: pipeline.id,
    baseCurrency: await baseCurrency(tx),
    closedAfter: after.toISOString().slice(0, 10),
    closedBefore: closedBefore ?? null,
    stages: await stageTotals(tx, { actor, pipelineId: pipeline.id, ownerId, closed: { after, before } }),
  };
}
