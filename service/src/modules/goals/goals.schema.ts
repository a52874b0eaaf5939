import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { interactionTypes } from '../interactions/interactions.tables.js';
import { goalMetrics, goalPeriods, type GoalMetric, type GoalPeriod } from './goals.tables.js';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time, like 2026-03-01T00:00:00Z' })
  .transform((value) => new Date(value));

const target = z
  .union([z.string().trim(), z.number()])
  .transform((value) => (typeof value === 'number' ? String(value) : value))
  .describe(
    'Greater than 0: money in the base currency for revenue_won and pipeline_created (a decimal string ' +
      'like "50000" or "1250.50"), a whole number for the counts',
  );

const fields = {
  name: singleLineText({ max: 200 }),
  metric: z
    .enum(goalMetrics)
    .describe(
      'What counts: revenue of deals won, deals won, pipeline created (amounts of deals created), ' +
        'interactions logged, tasks completed',
    ),
  interactionType: z
    .enum(interactionTypes)
    .nullable()
    .describe('For interactions_logged: only this type counts (null: every type)'),
  target,
  period: z
    .enum(goalPeriods)
    .describe('week (from Monday), month, quarter, year in UTC, or custom (periodStart and periodEnd)'),
  periodStart: isoTime.describe(
    'Custom periods: the start. Calendar periods: any instant of the period meant (default: now)',
  ),
  periodEnd: isoTime.describe('Custom periods only: the end (exclusive), after periodStart'),
  ownerUserId: z
    .uuid('must be a user id')
    .describe('A person’s goal (exactly one of ownerUserId, ownerTeamId)'),
  ownerTeamId: z.uuid('must be a team id').describe('A team’s goal: its members’ records count'),
  recurring: z
    .boolean()
    .describe('Whether the next period’s goal is created when this one ends (default: true, custom: false)'),
};

/** What `createGoal` takes besides the actor and transaction. */
export interface CreateGoalInput {
  name: string;
  metric: GoalMetric;
  interactionType?: (typeof interactionTypes)[number] | null | undefined;
  target: string;
  period: GoalPeriod;
  periodStart?: Date | undefined;
  periodEnd?: Date | undefined;
  ownerUserId?: string | undefined;
  ownerTeamId?: string | undefined;
  recurring?: boolean | undefined;
}

export type UpdateGoalInput = Partial<Omit<CreateGoalInput, 'ownerUserId' | 'ownerTeamId'>> & {
  version: number;
  ownerUserId?: string | null | undefined;
  ownerTeamId?: string | null | undefined;
};

export const CreateGoalBody = z.strictObject({
  name: fields.name,
  metric: fields.metric,
  interactionType: fields.interactionType.optional(),
  target: fields.target,
  period: fields.period,
  periodStart: fields.periodStart.optional(),
  periodEnd: fields.periodEnd.optional(),
  ownerUserId: fields.ownerUserId.optional(),
  ownerTeamId: fields.ownerTeamId.optional(),
  recurring: fields.recurring.optional(),
}) as unknown as z.ZodType<CreateGoalInput>;

export const UpdateGoalBody = z.strictObject({
  version: versionField,
  name: fields.name.optional(),
  metric: fields.metric.optional(),
  interactionType: fields.interactionType.optional(),
  target: fields.target.optional(),
  period: fields.period.optional(),
  periodStart: fields.periodStart.optional(),
  periodEnd: fields.periodEnd.optional(),
  ownerUserId: fields.ownerUserId
    .nullable()
    .optional()
    .describe('Set it (and ownerTeamId null) to move the goal'),
  ownerTeamId: fields.ownerTeamId.nullable().optional(),
  recurring: fields.recurring.optional(),
}) as unknown as z.ZodType<UpdateGoalInput>;

export const GoalListQuery = queryObject({
  ...pageQuery,
  ownerUserId: z.uuid().optional().describe('The goals of this person'),
  ownerTeamId: z.uuid().optional().describe('The goals of this team'),
  metric: z.enum(goalMetrics).optional(),
  period: z.enum(goalPeriods).optional(),
  current: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true'))
    .describe('true: only goals whose period holds now; false: only the others'),
});
export type GoalListFilters = z.output<typeof GoalListQuery>;

export const GoalHistoryQuery = queryObject({ ...pageQuery });

export const RankingsQuery = queryObject({
  period: z.enum(['week', 'month', 'quarter', 'year']).default('month').describe('The current one'),
  metric: z.enum(goalMetrics).default('revenue_won'),
  interactionType: z.enum(interactionTypes).optional().describe('For interactions_logged'),
  teamId: z.uuid().optional().describe('Only this team (one of yours)'),
});
export type RankingsFilters = z.output<typeof RankingsQuery>;

const reference = z.object({ id: z.uuid(), name: z.string() });

export const GoalProgressOut = z.object({
  value: z.string().describe('Computed from the records: money with 2 decimals, or a count'),
  target: z.string(),
  percent: z.number().describe('value / target in percent, 1 decimal (may pass 100)'),
  met: z.boolean().describe('value reached target'),
  milestones: z.array(z.object({ percent: z.number().int(), reachedAt: z.string() })),
});

export const GoalOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    metric: z.enum(goalMetrics),
    interactionType: z.enum(interactionTypes).nullable(),
    target: z.string(),
    period: z.enum(goalPeriods),
    periodStart: z.string(),
    periodEnd: z.string().describe('Exclusive'),
    ownerUser: reference.nullable(),
    ownerTeam: reference.nullable(),
    recurring: z.boolean(),
    seriesId: z.uuid(),
    achievedAt: z.string().nullable(),
    progress: GoalProgressOut,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Goal' });

export const RankingsOut = z
  .object({
    metric: z.enum(goalMetrics),
    interactionType: z.enum(interactionTypes).nullable(),
    period: z.enum(['week', 'month', 'quarter', 'year']),
    periodStart: z.string(),
    periodEnd: z.string(),
    items: z.array(
      z.object({
        team: reference,
        user: reference,
        value: z.string(),
        rank: z.number().int().describe('1 is first; equal values share a rank'),
        goal: z
          .object({ id: z.uuid(), target: z.string(), percent: z.number() })
          .nullable()
          .describe('Their own goal on this metric for this period, if any'),
      }),
    ),
  })
  .meta({ id: 'GoalRankings' });
