/**
 * The honest test of a model on an organization's own history: learn only from deals closed before a
 * cut, then score the deals engaged after it as the open deals they once were (as of just after they
 * were created), and compare with what happened. Used by the evaluation command on public datasets.
 */
import type { History } from '../engine/history.js';
import { observe } from '../engine/features.js';
import { trainModel, type TrainedModel } from '../engine/model.js';
import { evaluate, type Evaluation } from '../engine/metrics.js';
import { predictObservation } from '../engine/predict.js';

export interface TimeSplitResult {
  cutoff: number;
  trained: TrainedModel;
  /** Deals engaged at or after the cut that have closed since, scored as of their engagement. */
  deals: number;
  model: Evaluation;
  prior: Evaluation;
  /** Always predicting the base rate of the deals closed before the cut. */
  trainBaseRate: number;
  /** Brier score of that constant on the scored deals. */
  constantBrier: number;
  /** Mean confidence the engine reports for these scores. */
  confidence: number;
  models: Record<string, number>;
}

export async function evaluateTimeSplit(
  history: History,
  options: { cutoff: number; minCustomerHistory?: number; minDeals?: number; moment?: 'engaged' },
): Promise<TimeSplitResult> {
  const trained = await trainModel(history, {
    cutoff: options.cutoff,
    minCustomerHistory: options.minCustomerHistory ?? 5,
    minDeals: options.minDeals ?? 40,
  });
  if ('insufficient' in trained) throw new Error(trained.insufficient);
  const probabilities: number[] = [];
  const priors: number[] = [];
  const outcomes: number[] = [];
  const models: Record<string, number> = {};
  let confidence = 0;
  for (const deal of history.deals) {
    if (deal.createdAt < options.cutoff || deal.status === 'open' || deal.closedAt === null) continue;
    const t = Math.min(deal.createdAt + 60_000, deal.closedAt);
    if (history.stages.get(deal.stageMoves[0]!.stageId)?.kind !== 'open') continue;
    const o = observe(history, history, deal, t);
    const prediction = predictObservation(trained.params, o);
    probabilities.push(prediction.probability);
    priors.push(predictObservation(null, o).probability);
    outcomes.push(deal.status === 'won' ? 1 : 0);
    models[prediction.model] = (models[prediction.model] ?? 0) + 1;
    confidence += prediction.confidence;
  }
  const closedBefore = history.closedDeals().filter((deal) => deal.closedAt! < options.cutoff);
  const trainBaseRate =
    closedBefore.filter((deal) => deal.status === 'won').length / Math.max(1, closedBefore.length);
  const model = evaluate(probabilities, outcomes, trainBaseRate);
  return {
    cutoff: options.cutoff,
    trained,
    deals: outcomes.length,
    model,
    prior: evaluate(priors, outcomes, trainBaseRate),
    trainBaseRate,
    constantBrier: model.baseBrier,
    confidence: outcomes.length ? confidence / outcomes.length : 0,
    models,
  };
}
