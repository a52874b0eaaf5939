/**
 * The engine at work: scoring deals when they change (domain events), in bulk after a new model or an
 * import, and training (on demand, and nightly for every organization). Training reads the history in
 * one transaction, fits outside any, records progress as it goes, and stores the result in a last short
 * transaction: the new model is promoted only when it beats the one in use on the same held-out deals.
 */
import { sql } from 'drizzle-orm';
import type { PredictionSettings } from '../../core/config/config.js';
import { queryRows, type Database, type Tx } from '../../core/db/database.js';
import { tenants } from '../../core/db/schema.js';
import type { EventHandler } from '../../core/events/dispatcher.js';
import { emitEvents, type DomainEvent } from '../../core/events/events.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { Schedule } from '../../core/jobs/schedules.js';
import type { Logger } from '../../core/logger.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import { observe } from './engine/features.js';
import { historyFromRows } from './engine/rows.js';
import type { History } from './engine/history.js';
import { evaluateRows, trainModel, type ModelParams, type TrainedModel } from './engine/model.js';
import { predictDeal, predictObservation, type Prediction } from './engine/predict.js';
import * as repo from './predictions.repo.js';
import type { PredictionModelRow } from './predictions.tables.js';

const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

/** Writes a deal's score, its history when it moved, and the alert event when it moved far enough. */
async function store(
  tx: Tx,
  tenantId: string,
  deal: { id: string; ownerId: string },
  model: PredictionModelRow | undefined,
  prediction: Prediction,
  previous: number | null,
  settings: PredictionSettings,
  events: DomainEvent[] | null,
): Promise<void> {
  const scoredAt = new Date();
  await repo.savePrediction(tx, {
    tenantId,
    opportunityId: deal.id,
    probability: prediction.probability,
    confidence: prediction.confidence,
    model: prediction.model,
    // The organization's model version that scored, also when it fell back to its recalibrated prior.
    modelId: model?.id ?? null,
    factors: prediction.factors,
    recommendations: prediction.recommendations,
    scoredAt,
  });
  if (previous === null || Math.abs(previous - prediction.probability) >= 0.005)
    await repo.recordHistory(tx, {
      tenantId,
      opportunityId: deal.id,
      probability: prediction.probability,
      model: prediction.model,
      at: scoredAt,
    });
  if (
    events &&
    previous !== null &&
    Math.abs(previous - prediction.probability) * 100 >= settings.alertPoints
  )
    events.push({
      name: 'opportunity.prediction_changed',
      stream: { type: 'opportunity', id: deal.id },
      payload: {
        opportunityId: deal.id,
        ownerId: deal.ownerId,
        from: round(previous),
        to: prediction.probability,
        model: prediction.model,
        factors: prediction.factors.slice(0, 3).map((factor) => factor.sentence),
      },
    });
}

/** Scores open deals as of now, one by one (a few deals changed). */
export async function scoreOpportunities(
  tx: Tx,
  tenantId: string,
  opportunityIds: readonly string[],
  settings: PredictionSettings,
): Promise<Map<string, Prediction>> {
  const model = await repo.activeModel(tx);
  const params = await repo.modelParams(tx, model);
  const ids = [...new Set(opportunityIds)].sort();
  const previous = new Map(
    (await repo.findPredictions(tx, ids)).map((row) => [row.opportunityId, row.probability]),
  );
  const scored = new Map<string, Prediction>();
  const events: DomainEvent[] = [];
  for (const id of ids) {
    const loaded = await repo.loadDealForScoring(tx, id);
    if (!loaded || loaded.rows.opportunities[0]!.status !== 'open') continue;
    const history = historyFromRows(loaded.rows);
    const deal = history.deals[0]!;
    const prediction = predictDeal(history, loaded.rates, compatible(params), deal, Date.now());
    await store(tx, tenantId, deal, model, prediction, previous.get(id) ?? null, settings, events);
    scored.set(id, prediction);
  }
  if (events.length) await emitEvents(tx, tenantId, events);
  return scored;
}

/** A model trained on a format this code no longer reads counts as none (the prior scores). */
function compatible(params: ModelParams | null): ModelParams | null {
  return params && params.format === 1 ? params : null;
}

/**
 * Scores every open deal of the organization from one read of its history. `alert`: whether scores that
 * moved far notify (not when a new model rescores deals that did not change).
 */
export async function scoreAll(
  tx: Tx,
  tenantId: string,
  settings: PredictionSettings,
  alert: boolean,
): Promise<number> {
  const model = await repo.activeModel(tx);
  const params = compatible(await repo.modelParams(tx, model));
  const history = historyFromRows(await repo.loadHistoryRows(tx));
  const open = history.deals.filter((deal) => deal.status === 'open');
  const previous = new Map(
    (
      await repo.findPredictions(
        tx,
        open.map((deal) => deal.id),
      )
    ).map((row) => [row.opportunityId, row.probability]),
  );
  const now = Date.now();
  const events: DomainEvent[] | null = alert ? [] : null;
  for (const deal of open) {
    const prediction = predictObservation(params, observe(history, history, deal, now));
    await store(tx, tenantId, deal, model, prediction, previous.get(deal.id) ?? null, settings, events);
  }
  if (events?.length) await emitEvents(tx, tenantId, events);
  return open.length;
}

const TOP_FEATURES = 10;

/** The model's most important inputs: standardised weights by size (a unit is one standard deviation). */
function topFeatures(
  params: ModelParams,
  stages: History['stages'],
): { feature: string; factor: string; weight: number }[] {
  return params.columns
    .map((column, index) => ({
      // Stage columns carry the stage's id; people read its name.
      feature: column.name.startsWith('stage=')
        ? `stage=${stages.get(column.name.slice(6))?.name ?? column.name.slice(6)}`
        : column.name,
      factor: column.group,
      weight: round(params.fit.weights[index]!, 3),
    }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : 1))
    .slice(0, TOP_FEATURES);
}

export interface TrainingOutcome {
  status: PredictionModelRow['status'];
  model: PredictionModelRow | undefined;
}

/** Trains model `modelId` (a row in `training`), judges it against the one in use, and promotes it or not. */
export async function runTraining(options: {
  db: Database;
  tenantId: string;
  modelId: string;
  settings: PredictionSettings;
  logger?: Logger;
}): Promise<TrainingOutcome> {
  const { db, tenantId, modelId, settings } = options;
  const inTenant = <T>(work: (tx: Tx) => Promise<T>) => db.transaction({ tenantId }, work);
  const read = await inTenant(async (tx) => {
    const row = await repo.findModel(tx, modelId);
    if (!row || row.status !== 'training') return null;
    await repo.updateModel(tx, modelId, { startedAt: new Date(), progress: 0.01 });
    const active = await repo.activeModel(tx);
    return {
      rows: await repo.loadHistoryRows(tx),
      active,
      activeParams: compatible(await repo.modelParams(tx, active)),
    };
  });
  if (!read) return { status: 'failed', model: undefined };
  try {
    const history = historyFromRows(read.rows);
    let reported = 0;
    const result = await trainModel(history, {
      minCustomerHistory: settings.minCustomerHistory,
      minDeals: settings.minDeals,
      // Organizations have no timezone setting yet: contact timing is told in UTC.
      utcOffsetMinutes: 0,
      onProgress: async (fraction) => {
        if (fraction - reported < 0.1 && fraction < 1) return;
        reported = fraction;
        await inTenant((tx) => repo.updateModel(tx, modelId, { progress: round(0.95 * fraction, 3) }));
      },
    });
    if ('insufficient' in result) {
      const model = await inTenant((tx) =>
        repo.updateModel(tx, modelId, {
          status: 'insufficient_data',
          progress: 1,
          error: result.insufficient,
          trainDeals: result.closed,
          finishedAt: new Date(),
        }),
      );
      return { status: 'insufficient_data', model };
    }
    const verdict = judge(history, result, read.activeParams);
    const model = await inTenant(async (tx) => {
      const saved = await repo.updateModel(tx, modelId, {
        status: verdict.promote ? 'active' : 'candidate',
        progress: 1,
        trainDeals: result.trainDeals,
        testDeals: result.testDeals,
        metrics: verdict.metrics,
        params: result.params as unknown as Record<string, unknown>,
        finishedAt: new Date(),
      });
      if (verdict.promote) {
        await repo.retireActive(tx, modelId);
        await scoreAll(tx, tenantId, settings, false);
      }
      return saved;
    });
    return { status: verdict.promote ? 'active' : 'candidate', model };
  } catch (error) {
    options.logger?.error({ err: error, tenantId, modelId }, 'prediction model training failed');
    const model = await inTenant((tx) =>
      repo.updateModel(tx, modelId, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      }),
    );
    return { status: 'failed', model };
  }
}

const figures = (e: TrainedModel['test']) => ({
  rows: e.rows,
  baseRate: round(e.baseRate),
  auc: round(e.auc),
  brier: round(e.brier),
  baseBrier: round(e.baseBrier),
  brierSkill: round(e.brierSkill),
  logLoss: round(e.logLoss),
  calibration: e.calibration.map((bin) => ({
    decile: bin.decile,
    count: bin.count,
    predicted: round(bin.predicted),
    observed: round(bin.observed),
  })),
});

/**
 * Promotion: the new model must score better (lower Brier) than the model in use and than the prior on
 * the same held-out recent deals.
 */
function judge(
  history: ReturnType<typeof historyFromRows>,
  result: TrainedModel,
  active: ModelParams | null,
) {
  const baseRate = result.test.baseRate;
  const inUse = active ? evaluateRows(history, history, active, result.testRows, baseRate) : null;
  const promote = result.test.brier <= result.priorTest.brier && (!inUse || result.test.brier < inUse.brier);
  return {
    promote,
    metrics: {
      ...figures(result.test),
      prior: figures(result.priorTest),
      inUse: inUse ? figures(inUse) : null,
      lambda: result.params.lambda,
      topFeatures: topFeatures(result.params, history.stages),
      verdict: promote
        ? 'promoted: better than the prior and the model in use on held-out recent deals'
        : `kept as a candidate: its Brier score ${round(result.test.brier)} is not better than ${
            inUse && inUse.brier <= result.priorTest.brier
              ? `the model in use (${round(inUse.brier)})`
              : `the prior (${round(result.priorTest.brier)})`
          } on held-out recent deals`,
    },
  };
}

// --- jobs, schedule and event handler

export interface TrainJob {
  tenantId: string;
  modelId: string;
}

export interface ScoreJob {
  tenantId: string;
}

/** Every night at 02:30 UTC: each organization with new closed deals since its last model trains again. */
export const nightlyTrainingSchedule: Schedule = {
  name: 'predictions.nightly',
  cron: '30 2 * * *',
  queue: QUEUES.nightlyTraining,
  data: {},
};

async function nightly(deps: WorkerDeps): Promise<void> {
  const tenantIds = await asPlatform(
    deps.db,
    { userId: null },
    { action: 'predictions.nightly_training', entityType: 'organization', after: { at: new Date() } },
    async (tx) => (await tx.select({ id: tenants.id }).from(tenants)).map((tenant) => tenant.id),
  );
  for (const tenantId of tenantIds) {
    const modelId = await deps.db.transaction({ tenantId }, async (tx) => {
      if (await repo.runningTraining(tx)) return null;
      const [latest] = await repo.listModels(tx, 1);
      const [fresh] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from opportunities where status <> 'open' and deleted_at is null
          and closed_at > ${latest?.createdAt?.toISOString() ?? '-infinity'}::timestamptz`,
      );
      if (latest && !fresh?.n) return null;
      return (await repo.insertModel(tx, tenantId, null)).id;
    });
    if (modelId)
      await runTraining({
        db: deps.db,
        tenantId,
        modelId,
        settings: deps.config.predictions,
        logger: deps.logger,
      });
  }
}

/**
 * Queues a training of an organization's model now, unless one runs (the demo company on its first
 * start, so its deals are scored by a model of their own from the first minute).
 */
export async function queueTraining(
  db: Database,
  queue: Pick<WorkerDeps['queue'], 'sendInTransaction'>,
  tenantId: string,
): Promise<string | null> {
  return db.transaction({ tenantId }, async (tx) => {
    if (await repo.runningTraining(tx)) return null;
    const model = await repo.insertModel(tx, tenantId, null);
    await queue.sendInTransaction(tx, QUEUES.trainModel, { tenantId, modelId: model.id } satisfies TrainJob);
    return model.id;
  });
}

export async function registerPredictionWorkers(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<TrainJob>(QUEUES.trainModel, async (job) => {
    await runTraining({ db: deps.db, ...job, settings: deps.config.predictions, logger: deps.logger });
  });
  await deps.queue.work<ScoreJob>(QUEUES.scoreDeals, async (job) => {
    await deps.db.transaction({ tenantId: job.tenantId }, (tx) =>
      scoreAll(tx, job.tenantId, deps.config.predictions, true),
    );
  });
  await deps.queue.work(QUEUES.nightlyTraining, () => nightly(deps));
}

/** What a deal's score depends on changed: the deal, a conversation about it, or its customer. */
function dealsOf(events: readonly { name: string; streamId: string; payload: Record<string, unknown> }[]) {
  const ids = new Set<string>();
  const customers = new Set<string>();
  for (const event of events) {
    if (event.name.startsWith('opportunity.') && event.name !== 'opportunity.prediction_changed')
      ids.add(event.streamId);
    else if (event.name.startsWith('interaction.')) {
      const id = event.payload.opportunityId;
      if (typeof id === 'string') ids.add(id);
    } else if (event.name === 'customer.updated') customers.add(event.streamId);
  }
  return { ids, customers };
}

export function predictionScoringHandler(deps: WorkerDeps): EventHandler {
  const handleBatch: EventHandler['handleBatch'] = async (events, tx) => {
    const tenantId = events[0]!.tenantId;
    const { ids, customers } = dealsOf(events);
    if (events.some((event) => event.name === 'import.completed')) {
      await deps.queue.sendInTransaction(tx, QUEUES.scoreDeals, { tenantId } satisfies ScoreJob);
      return;
    }
    for (const customerId of customers) {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`select id from opportunities where customer_id = ${customerId} and status = 'open' and deleted_at is null`,
      );
      for (const row of rows) ids.add(row.id);
    }
    if (ids.size) await scoreOpportunities(tx, tenantId, [...ids], deps.config.predictions);
  };
  return {
    name: 'predictions.score',
    events: [
      'opportunity.created',
      'opportunity.updated',
      'opportunity.stage_changed',
      'opportunity.value_updated',
      'opportunity.assigned',
      'opportunity.restored',
      'interaction.logged',
      'interaction.updated',
      'interaction.deleted',
      'interaction.restored',
      'customer.updated',
      'import.completed',
    ],
    handle: (event, tx) => handleBatch([event], tx),
    handleBatch,
  };
}
