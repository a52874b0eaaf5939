import { AppError } from '../../core/errors/app-error.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { QUEUES, type JobQueue } from '../../core/jobs/job-queue.js';
import type { CommandInput } from '../../core/module/module.js';
import { visibleOpportunity } from '../opportunities/opportunities.commands.js';
import { historyFromRows } from './engine/rows.js';
import { predictDeal, type Prediction } from './engine/predict.js';
import type { ModelParams } from './engine/model.js';
import type { TrainJob } from './prediction-jobs.js';
import { PREDICTION_PERMISSIONS } from './predictions.policy.js';
import * as repo from './predictions.repo.js';
import type { PredictionModelRow } from './predictions.tables.js';

type Command = CommandInput;

export interface PredictionView extends Prediction {
  opportunityId: string;
  status: 'open' | 'won' | 'lost';
  modelId: string | null;
  modelVersion: number | null;
  scoredAt: Date;
  /** Earlier scores, newest first (the trend). */
  history: { probability: number; model: string; at: Date }[];
}

/**
 * A deal's prediction: its stored score (kept current by the scoring handler), or one computed now when
 * it was never scored (nothing is written on a read). A closed deal keeps the last score it had while open.
 */
export async function getPrediction({
  actor,
  tx,
  opportunityId,
}: Command & { opportunityId: string }): Promise<PredictionView> {
  assertAllowed(actor, PREDICTION_PERMISSIONS, 'read');
  const view = await visibleOpportunity(tx, actor, opportunityId);
  const status = view.opportunity.status;
  const [stored] = await repo.findPredictions(tx, [opportunityId]);
  const history = await repo.scoreHistory(tx, opportunityId, 30);
  if (stored) {
    const model = stored.modelId ? await repo.findModel(tx, stored.modelId) : undefined;
    return {
      opportunityId,
      status,
      probability: stored.probability,
      confidence: stored.confidence,
      model: stored.model,
      factors: stored.factors as Prediction['factors'],
      recommendations: stored.recommendations,
      modelId: stored.modelId,
      modelVersion: model?.version ?? null,
      scoredAt: stored.scoredAt,
      history,
    };
  }
  const loaded = await repo.loadDealForScoring(tx, opportunityId);
  if (!loaded) throw AppError.notFound('Opportunity');
  const active = await repo.activeModel(tx);
  const params = await repo.modelParams(tx, active);
  const deal = historyFromRows(loaded.rows);
  const prediction = predictDeal(deal, loaded.rates, usable(params), deal.deals[0]!, Date.now());
  return {
    opportunityId,
    status,
    ...prediction,
    modelId: prediction.model === 'prior' ? null : (active?.id ?? null),
    modelVersion: prediction.model === 'prior' ? null : (active?.version ?? null),
    scoredAt: new Date(),
    history,
  };
}

const usable = (params: ModelParams | null) => (params?.format === 1 ? params : null);

/** A training run lasting longer than this is taken for dead (its worker crashed): a new one may start. */
const TRAINING_STALE_MS = 2 * 60 * 60 * 1000;

/** Queues a training of the organization's model (202); 409 while one runs. */
export async function requestTraining({
  actor,
  tx,
  queue,
}: Command & { queue: Pick<JobQueue, 'sendInTransaction'> }): Promise<PredictionModelRow> {
  assertAllowed(actor, PREDICTION_PERMISSIONS, 'train');
  const running = await repo.runningTraining(tx);
  if (running && Date.now() - running.createdAt.getTime() < TRAINING_STALE_MS)
    throw new AppError('training_running', { extensions: { modelId: running.id } });
  if (running)
    await repo.updateModel(tx, running.id, {
      status: 'failed',
      error: 'stopped without finishing',
      finishedAt: new Date(),
    });
  const row = await repo.insertModel(tx, actor.tenantId, actor.userId);
  await queue.sendInTransaction(tx, QUEUES.trainModel, {
    tenantId: actor.tenantId,
    modelId: row.id,
  } satisfies TrainJob);
  return row;
}

export async function listModels({
  actor,
  tx,
  limit,
}: Command & { limit: number }): Promise<PredictionModelRow[]> {
  assertAllowed(actor, PREDICTION_PERMISSIONS, 'models');
  return repo.listModels(tx, limit);
}
