import { z } from 'zod';
import { queryObject } from '../../core/http/query.js';
import { modelStatuses, predictionModelKinds } from './predictions.tables.js';

export const PredictionParams = z.object({ id: z.uuid() });

const Factor = z.object({
  key: z.string().describe('The factor: stage, competition, recency, decision_maker, customer_history, ...'),
  direction: z.enum(['positive', 'negative']),
  weight: z.number().describe("Its pull on the log-odds against the organization's average deal"),
  sentence: z.string(),
  statistic: z.string().describe("The organization's own figure behind it"),
});

const Recommendation = z.object({
  key: z.string(),
  text: z.string(),
  lift: z
    .number()
    .nullable()
    .describe('Percentage points the probability gains once done, when the model can tell'),
});

export const PredictionOut = z
  .object({
    opportunityId: z.uuid(),
    status: z.enum(['open', 'won', 'lost']),
    probability: z.number().min(0).max(1),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'How far to trust the score: closed deals learnt from, skill measured on recent deals, model agreement',
      ),
    model: z
      .enum(predictionModelKinds)
      .describe('prior (no history needed), organization_wide or customer_specific'),
    modelId: z
      .uuid()
      .nullable()
      .describe("The organization's model version that scored (null: the global prior, no model yet)"),
    modelVersion: z.number().int().nullable(),
    factors: z.array(Factor).describe('Top five positive, then top five negative'),
    recommendations: z.array(Recommendation).describe('Next best actions, the biggest lift first'),
    scoredAt: z.string(),
    history: z.array(z.object({ probability: z.number(), model: z.string(), at: z.string() })),
  })
  .meta({ id: 'Prediction' });

const Figures = z.object({
  rows: z.number().int(),
  baseRate: z.number(),
  auc: z.number(),
  brier: z.number(),
  baseBrier: z.number().describe('Brier score of always predicting the training base rate'),
  brierSkill: z.number(),
  logLoss: z.number(),
  calibration: z.array(
    z.object({
      decile: z.number().int(),
      count: z.number().int(),
      predicted: z.number(),
      observed: z.number(),
    }),
  ),
});

export const ModelOut = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    status: z.enum(modelStatuses),
    progress: z.number().describe('0..1 while training'),
    trainDeals: z.number().int(),
    testDeals: z.number().int().describe('Most recent closed deals held out to judge it'),
    metrics: Figures.partial()
      .extend({
        prior: Figures.nullable().optional(),
        inUse: Figures.nullable().optional(),
        lambda: z.number().optional(),
        verdict: z.string().optional(),
        topFeatures: z
          .array(z.object({ feature: z.string(), factor: z.string(), weight: z.number() }))
          .optional()
          .describe('The ten most important inputs by standardised weight'),
      })
      .describe('Figures on held-out recent deals: this model, the prior and the model in use'),
    error: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PredictionModel' });

export const ModelListQuery = queryObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ModelListOut = z.object({ items: z.array(ModelOut) });

export const ForecastQuery = queryObject({
  from: z.iso.date().optional().describe('First day (default: the start of the current period)'),
  to: z.iso.date().optional().describe('Day after the last (default: six months after `from`)'),
  teamId: z.uuid().optional().describe("Only the deals of this team's members"),
  period: z.enum(['month', 'quarter']).default('month'),
});

const Band = z.object({
  committed: z.number().describe('Revenue already won in the period'),
  expected: z.number(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
});

export const ForecastOut = z
  .object({
    from: z.string(),
    to: z.string(),
    period: z.enum(['month', 'quarter']),
    currency: z.string(),
    simulations: z.number().int(),
    openDeals: z.number().int(),
    method: z.string(),
    periods: z.array(Band.extend({ start: z.string(), end: z.string(), openDeals: z.number().int() })),
    total: Band,
  })
  .meta({ id: 'Forecast' });

export const ChurnRiskOut = z
  .object({
    customerId: z.uuid(),
    name: z.string(),
    active: z.boolean().describe('A customer with a won or an open deal'),
    risk: z.number().nullable().describe('0..1; null when there is nothing to judge by'),
    level: z.enum(['low', 'medium', 'high']).nullable(),
    typicalGapDays: z.number().nullable(),
    daysSinceLastInteraction: z.number().nullable(),
    lastInteractionAt: z.string().nullable(),
    factors: z.array(
      z.object({
        key: z.string(),
        direction: z.enum(['positive', 'negative']),
        weight: z.number(),
        sentence: z.string(),
        statistic: z.string(),
      }),
    ),
    recommendations: z.array(z.object({ key: z.string(), text: z.string() })),
    summary: z.string(),
  })
  .meta({ id: 'ChurnRisk' });

export const ChurnRisksQuery = queryObject({
  teamId: z.uuid().optional().describe("Only this team's members' customers"),
  userId: z.uuid().optional().describe("Only this member's customers"),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

export const ChurnRisksOut = z
  .object({
    scope: z.object({
      kind: z.enum(['user', 'team', 'organization']),
      id: z.string().nullable(),
      name: z.string(),
    }),
    items: z.array(ChurnRiskOut).describe('Riskiest first'),
  })
  .meta({ id: 'ChurnRisks' });

export const SummaryQuery = queryObject({
  period: z.enum(['week', 'month', 'quarter']).default('week'),
  at: z.iso.date().optional().describe('A day inside the period (default: the last complete period)'),
  teamId: z.uuid().optional(),
  userId: z.uuid().optional(),
});

export const SummaryOut = z
  .object({
    period: z.enum(['week', 'month', 'quarter']),
    start: z.string(),
    end: z.string(),
    scope: z.object({
      kind: z.enum(['user', 'team', 'organization']),
      id: z.string().nullable(),
      name: z.string(),
    }),
    currency: z.string(),
    headline: z.string(),
    sections: z.array(z.object({ key: z.string(), title: z.string(), sentences: z.array(z.string()) })),
    priorities: z.array(
      z.object({
        rank: z.number().int(),
        opportunityId: z.uuid(),
        name: z.string(),
        amount: z.number(),
        probability: z.number(),
        expectedValue: z.number(),
        sentence: z.string(),
      }),
    ),
    figures: z.record(z.string(), z.unknown()),
    text: z.string().describe('The whole summary as plain text, for chat and email'),
  })
  .meta({ id: 'InsightsSummary' });
