import type { PredictionView } from './predictions.commands.js';
import type { PredictionModelRow } from './predictions.tables.js';

export function presentPrediction(view: PredictionView) {
  return {
    opportunityId: view.opportunityId,
    status: view.status,
    probability: view.probability,
    confidence: view.confidence,
    model: view.model,
    modelId: view.modelId,
    modelVersion: view.modelVersion,
    factors: view.factors,
    recommendations: view.recommendations,
    scoredAt: view.scoredAt.toISOString(),
    history: view.history.map((entry) => ({
      probability: entry.probability,
      model: entry.model,
      at: entry.at.toISOString(),
    })),
  };
}

/** A model's figures and state; never its parameters (they are large and say nothing to a person). */
export function presentModel(row: PredictionModelRow) {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    progress: row.progress,
    trainDeals: row.trainDeals,
    testDeals: row.testDeals,
    metrics: row.metrics,
    error: row.error,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
