import { z } from 'zod';
import { queryObject } from '../../core/http/query.js';

export const analyticsIntervals = ['week', 'month', 'quarter'] as const;
export type AnalyticsInterval = (typeof analyticsIntervals)[number];

export const AnalyticsQuery = queryObject({
  from: z.iso.date().optional().describe('First day (default: twelve months before `to`, at a period start)'),
  to: z.iso.date().optional().describe('Day after the last (default: tomorrow)'),
  interval: z.enum(analyticsIntervals).default('month').describe('The width of each period of the trends'),
  teamId: z.uuid().optional().describe("Only this team's members (404 for a team you may not see)"),
  userId: z.uuid().optional().describe('Only this member (404 for someone outside your record scope)'),
});

const Money = z.number().describe("In the organization's base currency (other currencies at its rates)");

const StageTotal = z.object({
  pipelineId: z.uuid(),
  pipelineName: z.string(),
  stageId: z.uuid(),
  stageName: z.string(),
  position: z.number().int(),
  count: z.number().int(),
  amount: Money,
});

const ConversionStep = z.object({
  stageId: z.uuid().nullable().describe('Null for the last step: won'),
  stageName: z.string(),
  reached: z.number().int().describe('Deals created in the range that reached this stage or a later one'),
  rate: z
    .number()
    .nullable()
    .describe('Share of the deals that reached the step before which reached this one (null for the first)'),
});

const PeriodFigures = z.object({
  period: z.string().describe('First day of the period (YYYY-MM-DD, UTC)'),
  created: z.number().int(),
  createdAmount: Money,
  won: z.number().int(),
  wonAmount: Money,
  lost: z.number().int(),
  lostAmount: Money,
  winRate: z.number().nullable().describe('won / (won + lost) of the deals closed in the period'),
  cycleDays: z
    .number()
    .nullable()
    .describe('Median days from creation to won, of the deals won in the period'),
  averageProbability: z
    .number()
    .nullable()
    .describe('Mean success probability of the scores given in the period (0..1)'),
});

export const AnalyticsOut = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(analyticsIntervals),
    currency: z.string(),
    scope: z.object({
      kind: z.enum(['user', 'team', 'organization']),
      id: z.string().nullable(),
      name: z.string(),
    }),
    pipeline: z.array(StageTotal).describe('Open deals now, by pipeline and stage'),
    conversion: z
      .array(z.object({ pipelineId: z.uuid(), pipelineName: z.string(), steps: z.array(ConversionStep) }))
      .describe('Of the deals created in the range, how many reached each stage, then won'),
    periods: z.array(PeriodFigures),
    cycle: z.object({
      won: z.number().int(),
      medianDays: z.number().nullable(),
      averageDays: z.number().nullable(),
    }),
    activityByType: z.array(z.object({ type: z.string(), count: z.number().int() })),
    activityByRep: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        total: z.number().int(),
        byType: z.record(z.string(), z.number().int()),
      }),
    ),
    health: z.object({
      open: z.number().int(),
      openAmount: Money,
      weightedAmount: Money.describe('Each open deal at its success probability'),
      stale: z.number().int().describe('Open deals in the same stage for 30 days or more'),
      overdue: z.number().int().describe('Open deals past their expected close date'),
      quiet: z.number().int().describe('Open deals with no conversation logged in 14 days'),
      bands: z
        .array(z.object({ band: z.string(), count: z.number().int(), amount: Money }))
        .describe('Open deals by success probability: low (<30%), medium (30-70%), high (>=70%)'),
    }),
  })
  .meta({ id: 'Analytics' });
