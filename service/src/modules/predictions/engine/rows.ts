/**
 * A History from table rows as PostgreSQL returns them (snake_case columns; timestamps as Date or ISO
 * text; amounts as decimal text): the one way both the database loader and the demo evaluation build it.
 */
import { History, TOUCH, type DealInput, type StageInput, type StageKind } from './history.js';

type Time = Date | string;
const ms = (value: Time): number => (value instanceof Date ? value.getTime() : Date.parse(value));

export interface StageRow {
  id: string;
  name: string;
  pipeline_id: string;
  position: number;
  kind: StageKind;
  probability: number;
}

export interface CustomerRow {
  id: string;
  industry: string | null;
  size_band: string | null;
}

export interface OpportunityRow {
  id: string;
  customer_id: string;
  owner_id: string;
  stage_id: string;
  status: StageKind;
  created_at: Time;
  closed_at: Time | null;
  amount: string | number;
  currency: string;
  competition_level: string | null;
  source: string;
  competitors: readonly string[] | number;
}

export interface StageChangeRow {
  opportunity_id: string;
  to_stage_id: string;
  at: Time;
}

export interface AmountChangeRow {
  opportunity_id: string;
  to_amount: string | number;
  to_currency: string;
  at: Time;
}

export interface InteractionRow {
  opportunity_id: string | null;
  occurred_at: Time;
  type: string;
  direction: string | null;
  outcome: string | null;
  attended: boolean | null;
  replied: boolean | null;
  decision_maker_present: boolean | null;
  objection_raised: boolean | null;
  objection_resolved: boolean | null;
}

export function touchFlags(row: InteractionRow): number {
  let flags = 0;
  const live = row.type === 'call' || row.type === 'meeting' || row.type === 'demo';
  if (live) flags |= TOUCH.live;
  if (row.type === 'meeting' || row.type === 'demo') flags |= TOUCH.meeting;
  if ((row.type === 'email' || row.type === 'message') && row.direction !== 'inbound')
    flags |= TOUCH.outboundWritten;
  if (row.replied) flags |= TOUCH.replied;
  if (row.attended === true) flags |= TOUCH.attended;
  if (row.attended === false) flags |= TOUCH.missed;
  if (row.decision_maker_present) flags |= TOUCH.decisionMaker;
  if (row.objection_raised) flags |= TOUCH.objectionRaised;
  if (row.objection_resolved) flags |= TOUCH.objectionResolved;
  if (row.outcome === 'positive') flags |= TOUCH.positive;
  if (row.outcome === 'negative') flags |= TOUCH.negative;
  return flags;
}

export interface HistoryRows {
  stages: readonly StageRow[];
  customers: readonly CustomerRow[];
  opportunities: readonly OpportunityRow[];
  stageChanges: readonly StageChangeRow[];
  amountChanges: readonly AmountChangeRow[];
  interactions: readonly InteractionRow[];
  /** Converts an amount to the organization's base currency. */
  toBase(amount: number, currency: string): number;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

export function historyFromRows(rows: HistoryRows): History {
  const stages: StageInput[] = rows.stages.map((stage) => ({
    id: stage.id,
    name: stage.name,
    pipelineId: stage.pipeline_id,
    position: stage.position,
    kind: stage.kind,
    probability: stage.probability / 100,
  }));
  const stageById = new Map(rows.stages.map((stage) => [stage.id, stage]));
  const firstOpen = new Map<string, string>();
  for (const stage of [...rows.stages].sort((a, b) => a.position - b.position))
    if (stage.kind === 'open' && !firstOpen.has(stage.pipeline_id))
      firstOpen.set(stage.pipeline_id, stage.id);
  const moves = groupBy(rows.stageChanges, (row) => row.opportunity_id);
  const amounts = groupBy(rows.amountChanges, (row) => row.opportunity_id);
  const deals: DealInput[] = rows.opportunities.map((deal) => {
    const createdAt = ms(deal.created_at);
    const stageMoves = (moves.get(deal.id) ?? [])
      .map((move) => ({ at: ms(move.at), stageId: move.to_stage_id }))
      .sort((a, b) => a.at - b.at);
    // A deal written without history (an old row) was in its current stage since creation; a closed one
    // was open before it closed: in its pipeline's first open stage, never already won or lost.
    if (!stageMoves.length || stageMoves[0]!.at > createdAt)
      stageMoves.unshift({ at: createdAt, stageId: stageMoves[0] ? stageMoves[0].stageId : deal.stage_id });
    const first = stageById.get(stageMoves[0]!.stageId);
    if (first && first.kind !== 'open') {
      const open = firstOpen.get(first.pipeline_id);
      if (open) stageMoves.unshift({ at: createdAt, stageId: open });
    }
    const amountList = (amounts.get(deal.id) ?? [])
      .map((change) => ({
        at: ms(change.at),
        amount: rows.toBase(Number(change.to_amount), change.to_currency),
      }))
      .sort((a, b) => a.at - b.at);
    if (!amountList.length)
      amountList.push({ at: createdAt, amount: rows.toBase(Number(deal.amount), deal.currency) });
    return {
      id: deal.id,
      customerId: deal.customer_id,
      ownerId: deal.owner_id,
      createdAt,
      status: deal.status,
      closedAt: deal.closed_at === null ? null : ms(deal.closed_at),
      competitionLevel: deal.competition_level,
      source: deal.source,
      competitors: typeof deal.competitors === 'number' ? deal.competitors : deal.competitors.length,
      stageMoves,
      amounts: amountList,
    };
  });
  return new History({
    stages,
    customers: rows.customers.map((customer) => ({
      id: customer.id,
      industry: customer.industry,
      sizeBand: customer.size_band,
    })),
    deals,
    interactions: rows.interactions
      .filter((row) => row.opportunity_id !== null)
      .map((row) => ({
        opportunityId: row.opportunity_id!,
        at: ms(row.occurred_at),
        flags: touchFlags(row),
      })),
  });
}
