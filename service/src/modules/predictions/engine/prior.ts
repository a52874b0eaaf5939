/**
 * The global prior: a score for a deal of an organization with no history at all (its first deal), from
 * what is true of B2B sales in general. It starts from the stage's default probability, which each
 * organization sets for its own pipeline, and adds small, documented log-odds for the deal's size band,
 * amount band, competition, and the engagement visible so far. The organization's own rates (industry,
 * customer) count half as soon as there are any. Every model of the organization starts from this prior
 * (it is their offset), so a model only moves away from it as far as its data pays for.
 */
import { logit, organizationRate, shrunkRate, type FactorGroup, type Observation } from './features.js';

/** Smaller buyers decide faster and say yes more often. */
export const SIZE_PRIOR: Record<string, number> = {
  '1-10': 0.2,
  '11-50': 0.1,
  '51-200': 0,
  '201-1000': -0.05,
  '1001-5000': -0.15,
  '5001+': -0.25,
};

export const COMPETITION_PRIOR: Record<string, number> = {
  none: 0.3,
  low: 0.1,
  medium: -0.15,
  high: -0.45,
};

/** Amount bands in the base currency: bigger deals close less often. */
export function amountPrior(amount: number): number {
  if (amount <= 0) return 0;
  if (amount < 5_000) return 0.1;
  if (amount < 50_000) return 0;
  if (amount < 250_000) return -0.15;
  return -0.3;
}

/** The prior's log-odds, by the factor each part belongs to. */
export function priorParts(o: Observation): Partial<Record<FactorGroup, number>> {
  const base = organizationRate(o);
  const openObjections = Math.max(0, o.objections - o.objectionsResolved);
  const silent = o.daysSinceTouch ?? o.ageDays;
  return {
    stage: logit(o.stageProbability),
    size: SIZE_PRIOR[o.sizeBand ?? ''] ?? 0,
    amount: amountPrior(o.amount),
    competition: COMPETITION_PRIOR[o.competitionLevel ?? ''] ?? 0,
    recency: silent > 30 ? -0.5 : silent > 14 ? -0.3 : o.touches && silent <= 7 ? 0.1 : 0,
    decision_maker: o.decisionMaker ? 0.25 : o.stagePosition >= 1 ? -0.25 : 0,
    objections: -0.3 * Math.min(openObjections, 2),
    stage_speed: o.daysInStage > 60 ? -0.3 : 0,
    customer_history: o.customer.closed ? 0.5 * (logit(shrunkRate(o.customer, base, 3)) - logit(base)) : 0,
    industry: o.industryRate.closed ? 0.5 * (logit(shrunkRate(o.industryRate, base, 20)) - logit(base)) : 0,
  };
}

export function priorLogit(o: Observation): number {
  let sum = 0;
  for (const part of Object.values(priorParts(o))) sum += part;
  return sum;
}
