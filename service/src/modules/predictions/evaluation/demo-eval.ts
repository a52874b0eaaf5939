/**
 * "Signal recovered": a generated organization whose true win probabilities are known. The model learns
 * from the deals closed in the first 18 months and scores every deal opened after that, as an open deal,
 * as it entered each stage; its AUC is compared with the AUC of the generator's true probabilities at the
 * same moments (the best any model can do) and its calibration is read per decile. The factors it ranks
 * highest are compared with the effects the generator planted (demo-model.ts).
 */
import type { DemoPlan } from '../../../demo/demo-generator.js';
import { observe } from '../engine/features.js';
import { trainModel, type TrainedModel } from '../engine/model.js';
import { calibration, evaluate, type CalibrationBin, type Evaluation } from '../engine/metrics.js';
import { probabilityOf } from '../engine/predict.js';
import { historyFromRows } from '../engine/rows.js';
import { DEMO_CUT, generatedOrganization } from './demo-history.js';

/** A true probability the generator recorded (demo-truth.ts): P(won | its whole state) at `at`. */
interface Truth {
  opportunityId: string;
  at: number;
  stageIndex: number;
  probability: number;
}

/** The effects the generator plants (demo-model.ts), as the engine's factor groups. */
export const PLANTED_FACTORS = [
  'stage',
  'competition',
  'decision_maker',
  'objections',
  'rep',
  'industry',
  'size',
  'engagement',
  'stage_speed',
  'source',
  'sentiment',
] as const;

export interface DemoEvaluation {
  trained: TrainedModel;
  deals: number;
  points: number;
  model: Evaluation;
  truth: Evaluation;
  prior: Evaluation;
  /** model AUC / truth AUC */
  ratio: number;
  /**
   * The model's deciles against the mean true probability of their deals (open ones included): its
   * calibration without the binomial noise of outcomes, and without the tilt of counting only the deals
   * that have closed by the end of the history (the fast ones).
   */
  againstTruth: CalibrationBin[];
  /** Largest |predicted - true| over those deciles, in points. */
  worstDecile: number;
  /** The factor groups of the ten most important columns, in order. */
  topFactors: string[];
  seconds: { generate: number; train: number };
}

export async function evaluateDemo(options: {
  opportunities: number;
  seed: number;
  rollouts?: number;
}): Promise<DemoEvaluation> {
  let started = Date.now();
  const plan = { truth: { after: DEMO_CUT, rollouts: options.rollouts ?? 200 } } as Partial<DemoPlan>;
  const org = generatedOrganization({
    opportunities: options.opportunities,
    seed: options.seed,
    reps: 12,
    plan,
  });
  const truths = (org.chunk as { truths?: Truth[] }).truths ?? [];
  if (!truths.length) throw new Error('the demo generator recorded no true probabilities (DemoPlan.truth)');
  const history = historyFromRows(org.rows);
  const generate = (Date.now() - started) / 1000;
  started = Date.now();
  const trained = await trainModel(history, { cutoff: DEMO_CUT, minCustomerHistory: 5, minDeals: 40 });
  if ('insufficient' in trained) throw new Error(trained.insufficient);
  const train = (Date.now() - started) / 1000;
  const deals = new Map(history.deals.map((deal) => [deal.id, deal]));
  const model: number[] = [];
  const truth: number[] = [];
  const prior: number[] = [];
  const outcomes: number[] = [];
  const scored = new Set<string>();
  // Every deal opened after the cut, still open ones included, for calibration against the truth.
  const everyModel: number[] = [];
  const everyTruth: number[] = [];
  for (const point of truths) {
    const deal = deals.get(point.opportunityId);
    if (!deal) continue;
    // As of a minute after it entered the stage: the move is known, nothing after it.
    const o = observe(history, history, deal, point.at + 60_000);
    const probability = probabilityOf(trained.params, o);
    everyModel.push(probability);
    everyTruth.push(point.probability);
    if (deal.status === 'open') continue;
    model.push(probability);
    prior.push(probabilityOf(null, o));
    truth.push(point.probability);
    outcomes.push(deal.status === 'won' ? 1 : 0);
    scored.add(deal.id);
  }
  const modelFigures = evaluate(model, outcomes);
  const againstTruth = calibration(everyModel, everyTruth);
  const truthFigures = evaluate(truth, outcomes);
  const ranked = trained.params.columns
    .map((column, index) => ({ group: column.group, weight: Math.abs(trained.params.fit.weights[index]!) }))
    .sort((a, b) => b.weight - a.weight);
  return {
    trained,
    deals: scored.size,
    points: outcomes.length,
    model: modelFigures,
    truth: truthFigures,
    prior: evaluate(prior, outcomes),
    ratio: modelFigures.auc / truthFigures.auc,
    againstTruth,
    worstDecile: Math.max(...againstTruth.map((bin) => 100 * Math.abs(bin.predicted - bin.observed))),
    topFactors: ranked.slice(0, 10).map((entry) => entry.group),
    seconds: { generate, train },
  };
}
