import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn, updatedAt } from '../../core/db/columns.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { tenants } from '../platform/platform.tables.js';

/**
 * Which model scored a deal: the global prior (no history needed), the organization's model, or the
 * organization's model corrected for a customer with enough history (the spec's `model_used`).
 */
export const predictionModelKinds = ['prior', 'organization_wide', 'customer_specific'] as const;
export type PredictionModelKind = (typeof predictionModelKinds)[number];

export const modelStatuses = [
  'training',
  'active',
  'candidate',
  'retired',
  'insufficient_data',
  'failed',
] as const;
export type ModelStatus = (typeof modelStatuses)[number];

/** One factor behind a score: a sentence, the statistic behind it, and its pull in log-odds. */
export interface PredictionFactor {
  key: string;
  direction: 'positive' | 'negative';
  /** Contribution to the log-odds against an average deal of the organization. */
  weight: number;
  sentence: string;
  statistic: string;
}

/** A next best action, with how much it would raise the score when the model can tell. */
export interface PredictionRecommendation {
  key: string;
  text: string;
  /** Percentage points the probability would gain, by the model, once done. */
  lift: number | null;
}

/** One trained model of an organization, its evaluation on held-out recent deals, and its parameters. */
export const predictionModels = pgTable(
  'prediction_models',
  {
    tenantId: tenantId(),
    id: id(),
    version: integer('version').notNull(),
    status: text('status', { enum: modelStatuses }).notNull().default('training'),
    /** 0..1 while training. */
    progress: real('progress').notNull().default(0),
    /** Closed deals it learnt from, and the held-out ones it was judged on. */
    trainDeals: integer('train_deals').notNull().default(0),
    testDeals: integer('test_deals').notNull().default(0),
    /** AUC, Brier score, base-rate Brier, calibration per decile, and the model in use's figures. */
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default({}),
    /** Everything scoring needs: feature scales, weights, calibration, customer offsets, statistics. */
    params: jsonb('params').$type<Record<string, unknown>>(),
    error: text('error'),
    requestedBy: uuid('requested_by'),
    startedAt: timestampColumn('started_at'),
    finishedAt: timestampColumn('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId],
      foreignColumns: [tenants.id],
      name: 'prediction_models_tenant_fk',
    }),
    index('prediction_models_version_idx').on(table.tenantId, table.version),
  ],
);

/** The latest score of each deal (open deals are rescored when they or their customer change). */
export const opportunityPredictions = pgTable(
  'opportunity_predictions',
  {
    tenantId: tenantId(),
    opportunityId: uuid('opportunity_id').notNull(),
    /** 0..1 */
    probability: real('probability').notNull(),
    /** 0..1: how much the score can be trusted (data volume, measured skill, model agreement). */
    confidence: real('confidence').notNull(),
    model: text('model', { enum: predictionModelKinds }).notNull(),
    modelId: uuid('model_id'),
    factors: jsonb('factors').$type<PredictionFactor[]>().notNull().default([]),
    recommendations: jsonb('recommendations').$type<PredictionRecommendation[]>().notNull().default([]),
    scoredAt: timestampColumn('scored_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.opportunityId] }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'opportunity_predictions_opportunity_fk',
    }).onDelete('cascade'),
    check('opportunity_predictions_probability_check', sql`${table.probability} between 0 and 1`),
  ],
);

/** Every change of a deal's score, for trends ("success probability over time"). */
export const predictionHistory = pgTable(
  'prediction_history',
  {
    tenantId: tenantId(),
    id: id(),
    opportunityId: uuid('opportunity_id').notNull(),
    probability: real('probability').notNull(),
    model: text('model', { enum: predictionModelKinds }).notNull(),
    at: timestampColumn('at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'prediction_history_opportunity_fk',
    }).onDelete('cascade'),
    index('prediction_history_opportunity_idx').on(table.tenantId, table.opportunityId, table.at),
  ],
);

export type PredictionModelRow = typeof predictionModels.$inferSelect;
export type OpportunityPrediction = typeof opportunityPredictions.$inferSelect;
