/**
 * The spec's `OpportunitySuccessPredictor`: one deal, as of a moment, scored by the best model the
 * organization has (customer-specific, organization-wide, or the global prior), with how far to trust
 * it, the factors behind it and the next best actions, each with the points it would add.
 */
import { observe, vectorize, type Observation } from './features.js';
import type { Deal, History, OutcomeRates } from './history.js';
import { adviceFor, factorsOf, type Factor } from './explain.js';
import { priorParts, priorLogit } from './prior.js';
import { probabilityOfRow, scoreObservation, type ModelParams } from './model.js';
import { sigmoid } from './features.js';
import type { PredictionModelKind } from '../predictions.tables.js';

export interface Prediction {
  probability: number;
  confidence: number;
  model: PredictionModelKind;
  factors: Factor[];
  recommendations: { key: string; text: string; lift: number | null }[];
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The probability alone, for an observation (used for lifts and bulk evaluation). */
export function probabilityOf(params: ModelParams | null, o: Observation): number {
  if (!params) return sigmoid(priorLogit(o));
  const vector = new Float64Array(params.columns.length);
  vectorize(params.schema, o, vector);
  return probabilityOfRow(params, o, vector, priorLogit(o));
}

/**
 * How far to trust a score, 0..1: the data it learnt from (closed deals, half-way at 200), the skill it
 * showed on recent deals it never saw (Brier skill 0.15 counts as full), and how well the models agree.
 * The prior alone, or a model without measured skill, stays near the floor of 0.05.
 */
export function confidenceOf(params: ModelParams | null, probability: number, other: number): number {
  if (!params) return 0.05;
  const volume = params.trainDeals / (params.trainDeals + 200);
  const skill = Math.min(1, params.skill / 0.15);
  const agreement = 1 - Math.min(1, Math.abs(probability - other) * 2);
  return round(0.05 + 0.9 * volume * skill * (0.75 + 0.25 * agreement), 3);
}

export function predictObservation(params: ModelParams | null, o: Observation): Prediction {
  const prior = sigmoid(priorLogit(o));
  let probability = prior;
  let model: PredictionModelKind = 'prior';
  let other = prior;
  let contributions = priorParts(o);
  if (params) {
    const vector = new Float64Array(params.columns.length);
    vectorize(params.schema, o, vector);
    const score = scoreObservation(params, o, vector);
    probability = score.probability;
    model = score.model;
    other = score.model === 'customer_specific' ? score.organizationProbability : prior;
    contributions = score.contributions;
  } else {
    // Against the stage's default: the prior explains how it moved away from it.
    delete contributions.stage;
  }
  const recommendations = adviceFor(o, params?.schema ?? null, params?.timing ?? null)
    .map((advice) => ({
      key: advice.key,
      text: advice.text,
      lift: advice.after ? round(100 * (probabilityOf(params, advice.after) - probability), 1) : null,
    }))
    .sort((a, b) => (b.lift ?? -1) - (a.lift ?? -1));
  return {
    probability: round(probability, 4),
    confidence: confidenceOf(params, probability, other),
    model,
    factors: factorsOf(contributions, o, params?.schema ?? null, params?.stats ?? null),
    recommendations,
  };
}

/** Scores `deal` as of `t` from a history. */
export function predictDeal(
  history: Pick<History, 'stages' | 'touchTimes' | 'touchFlags'>,
  rates: OutcomeRates,
  params: ModelParams | null,
  deal: Deal,
  t: number,
): Prediction {
  return predictObservation(params, observe(history, rates, deal, t));
}
