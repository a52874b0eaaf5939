/** How good a set of probabilities is against what happened: AUC, Brier score, calibration by decile. */

/** Area under the ROC curve: the chance a random win is scored above a random loss (ties count half). */
export function auc(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  const order = Array.from({ length: probabilities.length }, (_, index) => index).sort(
    (a, b) => probabilities[a]! - probabilities[b]!,
  );
  let rankSum = 0;
  let positives = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && probabilities[order[end + 1]!] === probabilities[order[index]!])
      end += 1;
    const rank = (index + end) / 2 + 1;
    for (let k = index; k <= end; k++)
      if (outcomes[order[k]!]) {
        rankSum += rank;
        positives += 1;
      }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The standard error of an AUC of `area` measured on `positives` wins and `negatives` losses (Hanley and
 * McNeil, 1982).
 */
export function aucStandardError(area: number, positives: number, negatives: number): number {
  if (positives < 1 || negatives < 1) return Number.POSITIVE_INFINITY;
  const q1 = area / (2 - area);
  const q2 = (2 * area * area) / (1 + area);
  const variance =
    (area * (1 - area) + (positives - 1) * (q1 - area * area) + (negatives - 1) * (q2 - area * area)) /
    (positives * negatives);
  return Math.sqrt(Math.max(0, variance));
}

export function brier(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < probabilities.length; index++)
    sum += (probabilities[index]! - outcomes[index]!) ** 2;
  return probabilities.length ? sum / probabilities.length : 0;
}

export function logLoss(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < probabilities.length; index++) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, probabilities[index]!));
    sum -= outcomes[index] ? Math.log(p) : Math.log(1 - p);
  }
  return probabilities.length ? sum / probabilities.length : 0;
}

export interface CalibrationBin {
  /** 1..10 */
  decile: number;
  count: number;
  predicted: number;
  observed: number;
}

/** Rows sorted by probability, cut into ten equal groups: mean prediction against the rate observed. */
export function calibration(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): CalibrationBin[] {
  const order = Array.from({ length: probabilities.length }, (_, index) => index).sort(
    (a, b) => probabilities[a]! - probabilities[b]!,
  );
  const bins: CalibrationBin[] = [];
  for (let decile = 0; decile < 10; decile++) {
    const from = Math.floor((decile * order.length) / 10);
    const to = Math.floor(((decile + 1) * order.length) / 10);
    if (to <= from) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = from; k < to; k++) {
      predicted += probabilities[order[k]!]!;
      observed += outcomes[order[k]!]!;
    }
    bins.push({
      decile: decile + 1,
      count: to - from,
      predicted: predicted / (to - from),
      observed: observed / (to - from),
    });
  }
  return bins;
}

export interface Evaluation {
  rows: number;
  baseRate: number;
  auc: number;
  brier: number;
  /** The Brier score of always predicting `baseRate`. */
  baseBrier: number;
  /** 1 - brier / baseBrier: above 0 is skill, 0 is no better than the base rate. */
  brierSkill: number;
  logLoss: number;
  calibration: CalibrationBin[];
}

/** Every figure at once; `constant` is the base rate to compare with (default: the rows' own). */
export function evaluate(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  constant?: number,
): Evaluation {
  let won = 0;
  for (let index = 0; index < outcomes.length; index++) won += outcomes[index]!;
  const baseRate = outcomes.length ? won / outcomes.length : 0;
  const reference = constant ?? baseRate;
  const baseBrier = brier(
    Array.from({ length: outcomes.length }, () => reference),
    outcomes,
  );
  const score = brier(probabilities, outcomes);
  return {
    rows: outcomes.length,
    baseRate,
    auc: auc(probabilities, outcomes),
    brier: score,
    baseBrier,
    brierSkill: baseBrier > 0 ? 1 - score / baseBrier : 0,
    logLoss: logLoss(probabilities, outcomes),
    calibration: calibration(probabilities, outcomes),
  };
}
