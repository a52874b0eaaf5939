/**
 * What is known about a deal at a moment, and nothing after it: the spec's "Key Prediction Features"
 * (history of the customer, the rep and the industry; the deal's stage, speed, amount and competition;
 * engagement in its conversations; timing). `observe` reads a deal as of `t`; `vectorize` turns that into
 * the numbers a model multiplies. Close dates and final amounts never appear: a closed deal's outcome is
 * only read through rates "before t", and the deal's own amount and stage are read from their history.
 */
import {
  amountAt,
  stageAt,
  TOUCH,
  type Deal,
  type History,
  type OutcomeRates,
  type StageInput,
} from './history.js';

const DAY = 86_400_000;

export interface Observation {
  dealId: string;
  customerId: string;
  t: number;
  stageId: string;
  stageName: string;
  stagePosition: number;
  /** Share of its pipeline's open stages still ahead, this one included (1 in the first, 1/n in the last). */
  remaining: number;
  /** The stage's configured default probability, 0..1. */
  stageProbability: number;
  daysInStage: number;
  ageDays: number;
  stageMoves: number;
  setbacks: number;
  amount: number;
  /** Amount now over the first amount (re-pricing). */
  repricing: number;
  customerLogAmount: number | null;
  industry: string | null;
  sizeBand: string | null;
  competitionLevel: string | null;
  competitors: number;
  source: string;
  organization: { closed: number; won: number };
  customer: { closed: number; won: number };
  owner: { closed: number; won: number };
  industryRate: { closed: number; won: number };
  touches: number;
  touches14: number;
  touchesInStage: number;
  daysSinceTouch: number | null;
  written: number;
  replied: number;
  meetings: number;
  attended: number;
  missed: number;
  decisionMaker: boolean;
  objections: number;
  objectionsResolved: number;
  positive: number;
  negative: number;
  /** 1, 2 or 3: the month of its quarter the deal was created in. */
  createdMonthOfQuarter: number;
  /** Days from `t` to the end of its quarter. */
  daysToQuarterEnd: number;
}

/** Reads `deal` as it was at `t` (the deal must exist at `t`). */
export function observe(
  history: Pick<History, 'stages' | 'touchTimes' | 'touchFlags'>,
  rates: OutcomeRates,
  deal: Deal,
  t: number,
): Observation {
  const current = stageAt(deal, t) ?? {
    stageId: deal.stageMoves[0]!.stageId,
    since: deal.createdAt,
    index: 0,
  };
  const stage = history.stages.get(current.stageId);
  const open = stage ? openStagesOf(history.stages, stage.pipelineId) : [];
  const ahead = stage ? open.filter((other) => other.position >= stage.position).length : 1;
  let setbacks = 0;
  for (let index = 1; index <= current.index; index++) {
    const from = history.stages.get(deal.stageMoves[index - 1]!.stageId);
    const to = history.stages.get(deal.stageMoves[index]!.stageId);
    if (from && to && to.position < from.position) setbacks += 1;
  }
  let touches = 0;
  let touches14 = 0;
  let touchesInStage = 0;
  let last: number | null = null;
  let written = 0;
  let replied = 0;
  let meetings = 0;
  let attended = 0;
  let missed = 0;
  let decisionMaker = false;
  let objections = 0;
  let objectionsResolved = 0;
  let positive = 0;
  let negative = 0;
  const { touchTimes, touchFlags } = history;
  for (let index = deal.touchFrom; index < deal.touchTo; index++) {
    const at = touchTimes[index]!;
    if (at >= t) break;
    const flags = touchFlags[index]!;
    touches += 1;
    if (at >= t - 14 * DAY) touches14 += 1;
    if (at >= current.since) touchesInStage += 1;
    last = at;
    if (flags & TOUCH.outboundWritten) written += 1;
    if (flags & TOUCH.replied) replied += 1;
    if (flags & TOUCH.meeting) meetings += 1;
    if (flags & TOUCH.attended) attended += 1;
    if (flags & TOUCH.missed) missed += 1;
    if (flags & TOUCH.decisionMaker) decisionMaker = true;
    if (flags & TOUCH.objectionRaised) objections += 1;
    if (flags & TOUCH.objectionResolved) objectionsResolved += 1;
    if (flags & TOUCH.positive) positive += 1;
    if (flags & TOUCH.negative) negative += 1;
  }
  const created = new Date(deal.createdAt);
  const now = new Date(t);
  const quarterEnd = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 1);
  const first = deal.amounts[0]?.amount ?? 0;
  const amount = amountAt(deal, t);
  const industry = deal.customer?.industry ?? null;
  return {
    dealId: deal.id,
    customerId: deal.customerId,
    t,
    stageId: current.stageId,
    stageName: stage?.name ?? 'unknown stage',
    stagePosition: stage?.position ?? 0,
    remaining: open.length ? ahead / open.length : 1,
    stageProbability: stage?.probability ?? 0.2,
    daysInStage: Math.max(0, (t - current.since) / DAY),
    ageDays: Math.max(0, (t - deal.createdAt) / DAY),
    stageMoves: current.index,
    setbacks,
    amount,
    repricing: first > 0 && amount > 0 ? amount / first : 1,
    customerLogAmount: rates.customerLogAmount(deal.customerId, deal.createdAt),
    industry,
    sizeBand: deal.customer?.sizeBand ?? null,
    competitionLevel: deal.competitionLevel,
    competitors: deal.competitors,
    source: deal.source,
    organization: rates.before('organization', '', t),
    customer: rates.before('customer', deal.customerId, t),
    owner: rates.before('owner', deal.ownerId, t),
    industryRate: industry ? rates.before('industry', industry, t) : { closed: 0, won: 0 },
    touches,
    touches14,
    touchesInStage,
    daysSinceTouch: last === null ? null : (t - last) / DAY,
    written,
    replied,
    meetings,
    attended,
    missed,
    decisionMaker,
    objections,
    objectionsResolved,
    positive,
    negative,
    createdMonthOfQuarter: (created.getUTCMonth() % 3) + 1,
    daysToQuarterEnd: Math.max(0, (quarterEnd - t) / DAY),
  };
}

const openStageCache = new WeakMap<ReadonlyMap<string, StageInput>, Map<string, StageInput[]>>();
/** The open stages of a pipeline (cached per stage map). */
function openStagesOf(stages: ReadonlyMap<string, StageInput>, pipelineId: string): StageInput[] {
  let byPipeline = openStageCache.get(stages);
  if (!byPipeline) {
    byPipeline = new Map();
    for (const stage of stages.values())
      if (stage.kind === 'open')
        byPipeline.set(stage.pipelineId, [...(byPipeline.get(stage.pipelineId) ?? []), stage]);
    openStageCache.set(stages, byPipeline);
  }
  return byPipeline.get(pipelineId) ?? [];
}

export const logit = (p: number): number => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
};
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A win rate shrunk toward `prior` by `strength` pseudo-deals (so 1 of 1 is not 100%). */
export function shrunkRate(rate: { closed: number; won: number }, prior: number, strength: number): number {
  return (rate.won + prior * strength) / (rate.closed + strength);
}

/** The organization's win rate as of the observation, shrunk toward one half while it knows little. */
export const organizationRate = (o: Observation): number => shrunkRate(o.organization, 0.5, 10);

/**
 * The columns of a model: fixed numeric features, then one-hot columns for the categories seen in
 * training (stages, size bands, competition levels, sources). Chosen at training, stored with the model.
 */
export interface FeatureSchema {
  stageIds: string[];
  sizeBands: string[];
  competitionLevels: string[];
  sources: string[];
  /** Typical days a deal spends in each stage (median of completed stays), by stage id. */
  typicalStageDays: Record<string, number>;
  /** Median log amount of the organization's deals. */
  medianLogAmount: number;
}

export interface FeatureColumn {
  name: string;
  /** The factor it belongs to (columns of one category add up to one factor in explanations). */
  group: FactorGroup;
}

export type FactorGroup =
  | 'stage'
  | 'stage_speed'
  | 'setbacks'
  | 'age'
  | 'amount'
  | 'amount_vs_customer'
  | 'repricing'
  | 'industry'
  | 'size'
  | 'customer_history'
  | 'rep'
  | 'competition'
  | 'source'
  | 'recency'
  | 'engagement'
  | 'responsiveness'
  | 'attendance'
  | 'decision_maker'
  | 'objections'
  | 'sentiment'
  | 'timing';

const NUMERIC: readonly FeatureColumn[] = [
  { name: 'stage_days_vs_typical', group: 'stage_speed' },
  // Speed (and conversations in the stage) only show once time has passed: a deal that just moved is
  // not a fast one.
  { name: 'stage_just_entered', group: 'stage_speed' },
  { name: 'setbacks', group: 'setbacks' },
  { name: 'age', group: 'age' },
  { name: 'amount_vs_organization', group: 'amount' },
  { name: 'amount_vs_customer', group: 'amount_vs_customer' },
  { name: 'repricing', group: 'repricing' },
  { name: 'industry_rate', group: 'industry' },
  { name: 'customer_rate', group: 'customer_history' },
  { name: 'customer_deals', group: 'customer_history' },
  { name: 'rep_rate', group: 'rep' },
  { name: 'competitors', group: 'competition' },
  { name: 'days_since_touch', group: 'recency' },
  { name: 'touches_14d', group: 'recency' },
  { name: 'touch_rate', group: 'engagement' },
  { name: 'stage_touch_rate', group: 'engagement' },
  { name: 'reply_rate', group: 'responsiveness' },
  { name: 'attendance', group: 'attendance' },
  { name: 'decision_maker', group: 'decision_maker' },
  { name: 'objections_open', group: 'objections' },
  { name: 'objections_resolved', group: 'objections' },
  { name: 'positive_share', group: 'sentiment' },
  { name: 'negative', group: 'sentiment' },
  { name: 'quarter_end', group: 'timing' },
];

/**
 * The deal's own qualities count once per hurdle still ahead (a deal in its first stage has every stage
 * to pass): these columns are the same values scaled by the share of stages remaining.
 */
const PER_HURDLE: readonly FeatureColumn[] = NUMERIC.map((column) => ({
  name: `${column.name}*stages_ahead`,
  group: column.group,
}));

export function columnsOf(schema: FeatureSchema): FeatureColumn[] {
  return [
    ...NUMERIC,
    ...PER_HURDLE,
    ...schema.stageIds.map((id) => ({ name: `stage=${id}`, group: 'stage' as const })),
    ...schema.sizeBands.map((band) => ({ name: `size=${band}`, group: 'size' as const })),
    ...schema.competitionLevels.map((level) => ({
      name: `competition=${level}`,
      group: 'competition' as const,
    })),
    ...schema.sources.map((source) => ({ name: `source=${source}`, group: 'source' as const })),
    ...[1, 2, 3].map((month) => ({ name: `created_month_of_quarter=${month}`, group: 'timing' as const })),
  ];
}

/** Typical days in the observation's stage (7 when the model has not seen the stage completed). */
export const typicalDays = (schema: FeatureSchema, o: Observation): number =>
  schema.typicalStageDays[o.stageId] ?? 7;

/** The model's inputs for one observation, in `columnsOf(schema)` order, written into `out`. */
export function vectorize(schema: FeatureSchema, o: Observation, out: Float64Array): void {
  const base = organizationRate(o);
  const rateLogit = (rate: { closed: number; won: number }, strength: number) =>
    logit(shrunkRate(rate, base, strength)) - logit(base);
  const typical = typicalDays(schema, o);
  const logAmount = o.amount > 0 ? Math.log(o.amount) : schema.medianLogAmount;
  const values = [
    Math.log((o.daysInStage + 1) / (typical + 1)),
    o.daysInStage < 1 ? 1 : 0,
    Math.min(o.setbacks, 3),
    Math.log1p(o.ageDays),
    logAmount - schema.medianLogAmount,
    o.customerLogAmount === null ? 0 : logAmount - o.customerLogAmount,
    Math.log(o.repricing),
    rateLogit(o.industryRate, 20),
    rateLogit(o.customer, 3),
    Math.log1p(o.customer.closed),
    rateLogit(o.owner, 10),
    Math.min(o.competitors, 4),
    Math.log1p(o.daysSinceTouch ?? o.ageDays),
    Math.log1p(o.touches14),
    Math.log1p((7 * o.touches) / (o.ageDays + 7)),
    Math.log1p((typical * o.touchesInStage) / (o.daysInStage + typical)),
    (o.replied + 1) / (o.written + 2),
    (o.attended + 1) / (o.attended + o.missed + 2),
    o.decisionMaker ? 1 : 0,
    Math.min(Math.max(0, o.objections - o.objectionsResolved), 3),
    Math.min(o.objectionsResolved, 3),
    (o.positive + 1) / (o.touches + 2),
    Math.min(o.negative, 3),
    o.daysToQuarterEnd / 90,
  ];
  let column = 0;
  for (const value of values) out[column++] = value;
  for (const value of values) out[column++] = value * o.remaining;
  for (const id of schema.stageIds) out[column++] = o.stageId === id ? 1 : 0;
  for (const band of schema.sizeBands) out[column++] = o.sizeBand === band ? 1 : 0;
  for (const level of schema.competitionLevels)
    out[column++] = (o.competitionLevel ?? 'unknown') === level ? 1 : 0;
  for (const source of schema.sources) out[column++] = o.source === source ? 1 : 0;
  for (const month of [1, 2, 3]) out[column++] = o.createdMonthOfQuarter === month ? 1 : 0;
}

/** Observations of a deal as of now, for the categories of a schema: what the history holds. */
export function schemaFrom(history: History, deals: readonly Deal[]): FeatureSchema {
  const count = <T>(values: T[]) => {
    const counts = new Map<T, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  const frequent = (values: string[], min: number, max: number) =>
    [...count(values).entries()]
      .filter(([, n]) => n >= min)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, max)
      .map(([value]) => value)
      .sort();
  const openStages = [...history.stages.values()].filter((stage) => stage.kind === 'open');
  const stays = new Map<string, number[]>();
  const logAmounts: number[] = [];
  for (const deal of deals) {
    deal.stageMoves.forEach((move, index) => {
      const next = deal.stageMoves[index + 1];
      if (!next) return;
      const list = stays.get(move.stageId) ?? [];
      list.push((next.at - move.at) / DAY);
      stays.set(move.stageId, list);
    });
    const first = deal.amounts[0]?.amount ?? 0;
    if (first > 0) logAmounts.push(Math.log(first));
  }
  const median = (values: number[]) => {
    if (!values.length) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    stageIds: openStages
      .filter((stage) => deals.some((deal) => deal.stageMoves.some((move) => move.stageId === stage.id)))
      .sort((a, b) => a.pipelineId.localeCompare(b.pipelineId) || a.position - b.position)
      .map((stage) => stage.id),
    sizeBands: frequent(
      deals.map((deal) => deal.customer?.sizeBand ?? ''),
      10,
      12,
    ).filter(Boolean),
    competitionLevels: frequent(
      deals.map((deal) => deal.competitionLevel ?? 'unknown'),
      10,
      6,
    ),
    sources: frequent(
      deals.map((deal) => deal.source),
      20,
      12,
    ).filter(Boolean),
    typicalStageDays: Object.fromEntries(
      [...stays.entries()].map(([stageId, days]) => [stageId, Math.max(0.5, median(days))]),
    ),
    medianLogAmount: median(logAmounts),
  };
}
