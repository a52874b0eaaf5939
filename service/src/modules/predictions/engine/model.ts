/**
 * Training and scoring. A model is the prior plus an L2-regularised logistic correction learnt from the
 * organization's closed deals, observed at moments during their lives (never after), calibrated on more
 * recent deals, and judged on the most recent ones, which it never saw:
 *
 *   closed deals by close time:  [ fit: oldest 70% | calibrate: 15% | test: newest 15% ]
 *
 * The penalty is chosen on the calibration block, where Platt scaling pulls the scores toward what recent
 * deals did. The test block gives the figures the model is judged on: it scores only where it beats its
 * fallback (the prior recalibrated, or the base rate where the prior does not discriminate) by more than
 * chance, so a model without signal does no harm. Customers with enough history get their own
 * correction (a shrunken intercept from their residuals): the spec's `customer_specific` model.
 */
import { fitLogistic, linear, standardisation, type LogisticFit } from './logistic.js';
import {
  columnsOf,
  observe,
  schemaFrom,
  sigmoid,
  logit,
  vectorize,
  type FactorGroup,
  type FeatureColumn,
  type FeatureSchema,
  type Observation,
} from './features.js';
import type { Deal, History, OutcomeRates } from './history.js';
import { auc, aucStandardError, evaluate, logLoss, type Evaluation } from './metrics.js';
import { priorLogit, priorParts } from './prior.js';
import { bucketOf, type BucketStats } from './explain.js';
import { contactTiming, type ContactTiming } from './timing.js';

export const MODEL_FORMAT = 1;

export interface ModelParams {
  format: typeof MODEL_FORMAT;
  schema: FeatureSchema;
  columns: FeatureColumn[];
  fit: LogisticFit;
  /** Platt scaling on the calibration block: p = sigmoid(a * logit + b). */
  platt: { a: number; b: number };
  lambda: number;
  /** Mean of each factor group's log-odds part over training rows (explanations are against these). */
  groupMeans: Partial<Record<FactorGroup, number>>;
  customerOffsets: Record<string, number>;
  minCustomerHistory: number;
  stats: BucketStats;
  /** Brier skill against the base rate on the test block (0 = none). */
  skill: number;
  trainDeals: number;
  timing: ContactTiming | null;
  /**
   * Set when the fitted model did not clearly beat its fallback on the test block: the prior recalibrated
   * to the organization's deals, p = sigmoid(a x prior log-odds + b) (where the prior does not
   * discriminate, a is 0 and every deal gets the organization's win rate: no harm done).
   */
  fallback: { a: number; b: number } | null;
}

export interface TrainOptions {
  /** Only deals closed before this moment are learnt from (default: all). */
  cutoff?: number;
  minCustomerHistory: number;
  /** Fewest closed deals (and of each outcome, a fifth of it) for an organization's model. */
  minDeals: number;
  /** UTC offset of the organization's timezone in minutes, for contact timing. */
  utcOffsetMinutes?: number;
  onProgress?(fraction: number, stage: string): void | Promise<void>;
}

export interface TrainedModel {
  params: ModelParams;
  /** Figures on the test block for this model, the prior, and the constant base rate. */
  test: Evaluation;
  priorTest: Evaluation;
  trainDeals: number;
  testDeals: number;
  /** The rows of the test block, to judge another model (the one in use) on the same ground. */
  testRows: ScoredRow[];
}

export interface ScoredRow {
  deal: Deal;
  t: number;
  won: number;
}

export type TrainResult = TrainedModel | { insufficient: string; closed: number; won: number };

/** A deterministic number in [0, 1) from a string (where in a stay a deal is observed). */
function unitHash(text: string): number {
  let h = 2166136261;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

/**
 * The moments a closed deal is observed at for training: once per stay in an open stage, as it enters
 * or inside the stay (so a deal that lingered is seen lingering), always before it closed.
 */
export function trainingMoments(deal: Deal, stages: History['stages']): number[] {
  const moments: number[] = [];
  const end = deal.closedAt ?? Number.POSITIVE_INFINITY;
  deal.stageMoves.forEach((move, index) => {
    if (stages.get(move.stageId)?.kind !== 'open' || move.at >= end) return;
    const next = Math.min(deal.stageMoves[index + 1]?.at ?? end, end);
    // Half the stays are seen just after the deal entered the stage (a deal is scored the moment it
    // moves), the other half somewhere inside; which, and where, is drawn from the deal's own times
    // (not its id: the same history trains the same model wherever it is stored).
    const u = unitHash(`${deal.createdAt}:${move.at}:${index}`);
    moments.push(
      u < 0.5
        ? Math.min(move.at + 60_000, next)
        : move.at + (0.05 + 1.8 * (u - 0.5)) * Math.max(0, next - move.at),
    );
  });
  // A deal that was never open (created won or lost) teaches nothing about open deals.
  return moments;
}

interface Design {
  x: Float64Array;
  y: Float64Array;
  offset: Float64Array;
  rows: ScoredRow[];
}

/**
 * The model's inputs for rows, built without keeping the observations (hundreds of thousands of objects
 * would cost more in garbage collection than the fit); `visit` sees each one as it goes.
 */
function design(
  history: History,
  rates: OutcomeRates,
  schema: FeatureSchema,
  rows: ScoredRow[],
  visit?: (o: Observation, row: ScoredRow, vector: Float64Array, offset: number) => void,
): Design {
  const width = columnsOf(schema).length;
  const x = new Float64Array(rows.length * width);
  const y = new Float64Array(rows.length);
  const offset = new Float64Array(rows.length);
  rows.forEach((row, index) => {
    const o = observe(history, rates, row.deal, row.t);
    const vector = x.subarray(index * width, (index + 1) * width);
    vectorize(schema, o, vector);
    y[index] = row.won;
    offset[index] = priorLogit(o);
    visit?.(o, row, vector, offset[index]);
  });
  return { x, y, offset, rows };
}

/** What explanations need from the training rows: win rates per factor bucket, the average prior. */
class TrainingStatistics {
  readonly stats: BucketStats = { overall: { won: 0, closed: 0 }, buckets: {} };
  private readonly priorSums: Partial<Record<FactorGroup, number>> = {};
  private priorRows = 0;
  // One observation per deal (its first) so a deal that passed four stages does not count four times,
  // except for the stage, which is counted for every stage a deal was seen in.
  private readonly seen = new Set<string>();

  constructor(private readonly schema: FeatureSchema) {}

  count(o: Observation, row: ScoredRow): void {
    const first = !this.seen.has(row.deal.id);
    this.seen.add(row.deal.id);
    if (first) {
      this.stats.overall.closed += 1;
      this.stats.overall.won += row.won;
    }
    for (const group of Object.keys(GROUP_LABELS) as FactorGroup[]) {
      if (group !== 'stage' && !first) continue;
      const bucket = bucketOf(group, o, this.schema);
      if (!bucket) continue;
      const entry = (this.stats.buckets[`${group}:${bucket.id}`] ??= { won: 0, closed: 0 });
      entry.closed += 1;
      entry.won += row.won;
    }
  }

  addPrior(o: Observation): void {
    this.priorRows += 1;
    for (const [group, value] of Object.entries(priorParts(o)) as [FactorGroup, number][])
      this.priorSums[group] = (this.priorSums[group] ?? 0) + value;
  }

  /**
   * The average deal's log-odds by factor: the fitted part of every factor averages to zero over the
   * rows it was fitted on (its columns are centred on their means), so only the prior's parts remain.
   */
  groupMeans(): Partial<Record<FactorGroup, number>> {
    const means: Partial<Record<FactorGroup, number>> = {};
    for (const [group, sum] of Object.entries(this.priorSums) as [FactorGroup, number][])
      means[group] = sum / Math.max(1, this.priorRows);
    return means;
  }
}

const rowsOf = (history: History, deals: Deal[]): ScoredRow[] =>
  deals.flatMap((deal) =>
    trainingMoments(deal, history.stages).map((t) => ({ deal, t, won: deal.status === 'won' ? 1 : 0 })),
  );

/** Fits a Platt scaling (two parameters) by Newton's method on the log-odds `z` against outcomes `y`. */
export function plattScaling(z: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (let index = 0; index < z.length; index++) {
      const p = sigmoid(a * z[index]! + b);
      const r = y[index]! - p;
      const w = p * (1 - p);
      ga += r * z[index]!;
      gb += r;
      haa += w * z[index]! * z[index]!;
      hab += w * z[index]!;
      hbb += w;
    }
    // A small pull toward the identity keeps a tiny calibration block from overreacting.
    ga -= 0.5 * (a - 1);
    haa += 0.5;
    const det = haa * hbb - hab * hab;
    let da = (hbb * ga - hab * gb) / det;
    let db = (haa * gb - hab * ga) / det;
    // Damped like the fit: a separable calibration block must not send the slope to infinity.
    const largest = Math.max(Math.abs(da), Math.abs(db));
    if (largest > 0.5) {
      da *= 0.5 / largest;
      db *= 0.5 / largest;
    }
    a = Math.min(3, Math.max(0, a + da));
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/** Trains an organization's model from `history` (see the file comment for the split). */
export async function trainModel(history: History, options: TrainOptions): Promise<TrainResult> {
  const cutoff = options.cutoff ?? Number.POSITIVE_INFINITY;
  const closed = history.closedDeals().filter((deal) => deal.closedAt! < cutoff);
  const won = closed.filter((deal) => deal.status === 'won').length;
  const fewest = Math.ceil(options.minDeals / 5);
  if (closed.length < options.minDeals || won < fewest || closed.length - won < fewest)
    return {
      insufficient: `an organization model needs ${options.minDeals} closed deals with at least ${fewest} won and ${fewest} lost; there are ${closed.length} (${won} won)`,
      closed: closed.length,
      won,
    };
  const progress = async (fraction: number, stage: string) => options.onProgress?.(fraction, stage);
  await progress(0.05, 'features');
  const fitEnd = Math.floor(closed.length * 0.7);
  const calibrateEnd = Math.floor(closed.length * 0.85);
  const fitDeals = closed.slice(0, fitEnd);
  const calibrateDeals = closed.slice(fitEnd, calibrateEnd);
  const testDeals = closed.slice(calibrateEnd);
  const schema = schemaFrom(history, closed.slice(0, calibrateEnd));
  const columns = columnsOf(schema);
  const statistics = new TrainingStatistics(schema);
  const fitSet = design(history, history, schema, rowsOf(history, fitDeals), (o, row) => {
    statistics.count(o, row);
    statistics.addPrior(o);
  });
  const calibrateSet = design(history, history, schema, rowsOf(history, calibrateDeals), (o, row) =>
    statistics.count(o, row),
  );
  await progress(0.3, 'fitting');

  const standard = standardisation(fitSet.x, fitSet.y.length, columns.length);
  let best: { fit: LogisticFit; platt: { a: number; b: number }; loss: number; lambda: number } | null = null;
  let start: { weights: number[]; intercept: number } | undefined;
  const lambdas = [100, 10, 1];
  for (const [index, lambda] of lambdas.entries()) {
    const fit = await fitLogistic(
      {
        x: fitSet.x,
        rows: fitSet.y.length,
        columns: columns.length,
        y: fitSet.y,
        offset: fitSet.offset,
        lambda,
        start,
      },
      standard,
    );
    start = { weights: fit.weights, intercept: fit.intercept };
    const z = logitsOf(fit, calibrateSet, columns.length);
    const platt = plattScaling(z, calibrateSet.y);
    const loss = logLoss(
      z.map((value) => sigmoid(platt.a * value + platt.b)),
      calibrateSet.y,
    );
    if (!best || loss < best.loss - 1e-9) best = { fit, platt, loss, lambda };
    await progress(0.3 + (0.4 * (index + 1)) / lambdas.length, 'fitting');
  }
  const chosen = best!;
  const groupMeans = statistics.groupMeans();
  const learnt = [...fitSet.rows, ...calibrateSet.rows];
  const params: ModelParams = {
    format: MODEL_FORMAT,
    schema,
    columns,
    fit: chosen.fit,
    platt: chosen.platt,
    lambda: chosen.lambda,
    groupMeans,
    customerOffsets: {},
    minCustomerHistory: options.minCustomerHistory,
    stats: { overall: { won: 0, closed: 0 }, buckets: {} },
    skill: 0,
    trainDeals: fitDeals.length + calibrateDeals.length,
    timing: null,
    fallback: null,
  };
  params.customerOffsets = customerOffsets(params, [fitSet, calibrateSet], options.minCustomerHistory);
  params.stats = statistics.stats;
  params.timing = contactTiming(history, [...fitDeals, ...calibrateDeals], options.utcOffsetMinutes ?? 0);
  await progress(0.8, 'testing');

  const testRows = rowsOf(history, testDeals);
  const baseRate = mean(learnt.map((row) => row.won));
  const probabilities: number[] = [];
  const testSet = design(history, history, schema, testRows, (o, _row, vector, offset) =>
    probabilities.push(probabilityOfRow(params, o, vector, offset)),
  );
  const outcomes = testRows.map((row) => row.won);
  let test = evaluate(probabilities, outcomes, baseRate);
  const priorTest = evaluate(
    Array.from(testSet.offset, (z) => sigmoid(z)),
    outcomes,
    baseRate,
  );
  // The fallback: the prior recalibrated, or the plain base rate where the prior does not discriminate.
  // The model scores only where it beats the fallback on the newest deals by more than chance. Both are
  // calibrated on the same block for that contest, so the model cannot win by the level alone: the
  // newest closed deals are the ones that closed fast, and their win rate says little about the future.
  // A model that does not win learnt something that did not last; the fallback, refitted on every
  // closed deal, does no harm.
  const rival = fallbackOf([calibrateSet], testSet);
  const rivalProbabilities = Array.from(testSet.offset, (z) => sigmoid(rival.a * z + rival.b));
  if (!clearlyBetter(probabilities, rivalProbabilities, testRows)) {
    params.fallback = fallbackOf([fitSet, calibrateSet, testSet], testSet);
    params.customerOffsets = {};
    test = evaluate(rivalProbabilities, outcomes, baseRate);
  }
  // A constant has no skill to speak of, whatever the newest block's win rate happened to be.
  params.skill = params.fallback?.a === 0 ? 0 : Math.max(0, test.brierSkill);
  await progress(1, 'done');
  return {
    params,
    test,
    priorTest,
    trainDeals: params.trainDeals,
    testDeals: testDeals.length,
    testRows,
  };
}

/**
 * The prior recalibrated on `sets` (its rows weighted as the model's are, so the two are judged on the
 * same footing). The slope is kept only when it explains the outcomes better than chance would there (a
 * likelihood-ratio test at 5%) and, where the held-out `judge` rows hold enough deals of each outcome to
 * tell, the prior ranks them better than chance (its AUC above 0.5 by twice its standard error);
 * otherwise every deal gets the base rate.
 */
function fallbackOf(sets: Design[], judge: Design): { a: number; b: number } {
  const z = sets.flatMap((set) => Array.from(set.offset));
  const y = sets.flatMap((set) => Array.from(set.y));
  const constant = { a: 0, b: logit(Math.min(1 - 1e-6, Math.max(1e-6, mean(y)))) };
  const { won, lost } = dealsByOutcome(judge.rows);
  if (won >= MIN_TO_JUDGE && lost >= MIN_TO_JUDGE) {
    const ranking = auc(judge.offset, judge.y);
    if (ranking - 0.5 <= 2 * aucStandardError(ranking, won, lost)) return constant;
  }
  const scaled = plattScaling(z, y);
  const likelihood = ({ a, b }: { a: number; b: number }) =>
    z.reduce((sum, value, index) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(a * value + b)));
      return sum + (y[index]! ? Math.log(p) : Math.log(1 - p));
    }, 0);
  return 2 * (likelihood(scaled) - likelihood(constant)) > 3.84 ? scaled : constant;
}

/** How many won and lost deals some rows hold (a deal seen at several moments counts once). */
function dealsByOutcome(rows: ScoredRow[]): { won: number; lost: number } {
  const count = (won: number) =>
    new Set(rows.filter((row) => row.won === won).map((row) => row.deal.id)).size;
  return { won: count(1), lost: count(0) };
}

/** Fewest won and lost deals in a held-out block for its verdict on the prior's ranking to count. */
const MIN_TO_JUDGE = 15;

/**
 * Whether `model` beat `fallback` on `rows` by more than chance: it ranks the deals better than the
 * fallback and better than chance (its AUC above 0.5 by more than twice its standard error, Hanley and
 * McNeil), and its Brier score is lower by more than the standard error of the difference. The
 * error is taken over deals (a deal's moments are not independent: a cluster-robust estimate). A lower
 * Brier score without ranking comes from the level alone, and a level learnt from whatever grows with
 * time (a customer's deal count) predicts the past, not the future.
 */
function clearlyBetter(model: number[], fallback: number[], rows: ScoredRow[]): boolean {
  const outcomes = rows.map((row) => row.won);
  const ranking = auc(model, outcomes);
  const { won, lost } = dealsByOutcome(rows);
  if (ranking <= auc(fallback, outcomes)) return false;
  if (ranking - 0.5 <= 2 * aucStandardError(ranking, won, lost)) return false;
  const gains = rows.map((row, index) => (fallback[index]! - row.won) ** 2 - (model[index]! - row.won) ** 2);
  const gain = mean(gains);
  const perDeal = new Map<string, number>();
  rows.forEach((row, index) =>
    perDeal.set(row.deal.id, (perDeal.get(row.deal.id) ?? 0) + gains[index]! - gain),
  );
  const clusters = perDeal.size;
  if (clusters < 2) return false;
  let spread = 0;
  for (const sum of perDeal.values()) spread += sum * sum;
  const standardError = Math.sqrt((spread * clusters) / (clusters - 1)) / rows.length;
  return gain > standardError;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function logitsOf(fit: LogisticFit, set: Design, width: number): number[] {
  return set.rows.map((_, index) =>
    linear(fit, set.x.subarray(index * width, (index + 1) * width), set.offset[index]!),
  );
}

function groupPartsOf(
  fit: LogisticFit,
  columns: FeatureColumn[],
  vector: ArrayLike<number>,
  o: Observation,
): Partial<Record<FactorGroup, number>> {
  const parts: Partial<Record<FactorGroup, number>> = { ...priorParts(o) };
  columns.forEach((column, index) => {
    const value = (fit.weights[index]! * (vector[index]! - fit.means[index]!)) / fit.scales[index]!;
    parts[column.group] = (parts[column.group] ?? 0) + value;
  });
  return parts;
}

/**
 * Each customer with enough closed deals gets an intercept of its own: the sum of its residuals over the
 * sum of their variances plus five pseudo-deals (so a customer with few deals keeps almost none).
 */
function customerOffsets(params: ModelParams, sets: Design[], minimum: number): Record<string, number> {
  const sums = new Map<string, { residual: number; variance: number; deals: Set<string> }>();
  const width = params.columns.length;
  for (const set of sets)
    set.rows.forEach((row, index) => {
      const p = sigmoid(
        params.platt.a *
          linear(params.fit, set.x.subarray(index * width, (index + 1) * width), set.offset[index]!) +
          params.platt.b,
      );
      const entry = sums.get(row.deal.customerId) ?? { residual: 0, variance: 0, deals: new Set<string>() };
      entry.residual += row.won - p;
      entry.variance += p * (1 - p);
      entry.deals.add(row.deal.id);
      sums.set(row.deal.customerId, entry);
    });
  const offsets: Record<string, number> = {};
  for (const [customerId, entry] of [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (entry.deals.size >= minimum) offsets[customerId] = entry.residual / (entry.variance + 5);
  return offsets;
}

/** The groups explanations may name. */
export const GROUP_LABELS: Record<FactorGroup, string> = {
  stage: 'Stage',
  stage_speed: 'Speed through stages',
  setbacks: 'Setbacks',
  age: 'Age of the deal',
  amount: 'Deal size',
  amount_vs_customer: "Size against the customer's usual purchase",
  repricing: 'Re-pricing',
  industry: 'Industry',
  size: 'Company size',
  customer_history: "Customer's history",
  rep: "Owner's track record",
  competition: 'Competition',
  source: 'Source',
  recency: 'Recent contact',
  engagement: 'Engagement',
  responsiveness: 'Responses',
  attendance: 'Meeting attendance',
  decision_maker: 'Decision maker',
  objections: 'Objections',
  sentiment: 'How conversations went',
  timing: 'Timing',
};

export interface Score {
  probability: number;
  /** `prior` when the organization's model fell back to its recalibrated prior. */
  model: 'prior' | 'organization_wide' | 'customer_specific';
  /** Each factor group's pull on the calibrated log-odds, against an average deal of the training set. */
  contributions: Partial<Record<FactorGroup, number>>;
  /** The organization-wide probability (differs from `probability` for customer-specific scores). */
  organizationProbability: number;
}

/** The calibrated probability of one row of inputs (with its prior log-odds), customer correction included. */
export function probabilityOfRow(
  params: ModelParams,
  o: Pick<Observation, 'customerId' | 'customer'>,
  vector: ArrayLike<number>,
  offset: number,
): number {
  if (params.fallback) return sigmoid(params.fallback.a * offset + params.fallback.b);
  const calibrated = params.platt.a * linear(params.fit, vector, offset) + params.platt.b;
  const correction = params.customerOffsets[o.customerId];
  return sigmoid(
    correction !== undefined && o.customer.closed >= params.minCustomerHistory
      ? calibrated + correction
      : calibrated,
  );
}

/** Scores one observation with a trained model. */
export function scoreObservation(params: ModelParams, o: Observation, vector?: Float64Array): Score {
  const width = params.columns.length;
  if (params.fallback) {
    const { a, b } = params.fallback;
    const contributions: Partial<Record<FactorGroup, number>> = {};
    for (const [group, value] of Object.entries(priorParts(o)) as [FactorGroup, number][])
      contributions[group] = a * (value - (params.groupMeans[group] ?? 0));
    const probability = sigmoid(a * priorLogit(o) + b);
    return { probability, model: 'prior', contributions, organizationProbability: probability };
  }
  const row = vector ?? new Float64Array(width);
  if (!vector) vectorize(params.schema, o, row);
  const z = linear(params.fit, row, priorLogit(o));
  const calibrated = params.platt.a * z + params.platt.b;
  const organizationProbability = sigmoid(calibrated);
  const parts = groupPartsOf(params.fit, params.columns, row, o);
  const contributions: Partial<Record<FactorGroup, number>> = {};
  for (const [group, value] of Object.entries(parts) as [FactorGroup, number][])
    contributions[group] = params.platt.a * (value - (params.groupMeans[group] ?? 0));
  const offset = params.customerOffsets[o.customerId];
  if (offset !== undefined && o.customer.closed >= params.minCustomerHistory) {
    contributions.customer_history = (contributions.customer_history ?? 0) + offset;
    return {
      probability: sigmoid(calibrated + offset),
      model: 'customer_specific',
      contributions,
      organizationProbability,
    };
  }
  return {
    probability: organizationProbability,
    model: 'organization_wide',
    contributions,
    organizationProbability,
  };
}

/** Scores rows with a model and judges the scores against the outcomes. */
export function evaluateRows(
  history: History,
  rates: OutcomeRates,
  params: ModelParams,
  rows: ScoredRow[],
  constant?: number,
): Evaluation {
  const vector = new Float64Array(params.columns.length);
  const probabilities = rows.map((row) => {
    const o = observe(history, rates, row.deal, row.t);
    vectorize(params.schema, o, vector);
    return scoreObservation(params, o, vector).probability;
  });
  return evaluate(
    probabilities,
    rows.map((row) => row.won),
    constant,
  );
}

/** The prior's probability for an observation (no model). */
export const priorProbability = (o: Observation): number => sigmoid(priorLogit(o));

export { logit };
