import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  decimal,
  id,
  softDelete,
  tenantId,
  timestampColumn,
  updatedAt,
  version,
} from '../../core/db/columns.js';
import { interactionTypes } from '../interactions/interactions.tables.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';

/** What a goal counts; progress is always computed from the records, never typed in. */
export const goalMetrics = [
  'revenue_won',
  'deals_won',
  'pipeline_created',
  'interactions_logged',
  'tasks_completed',
] as const;
export const goalPeriods = ['week', 'month', 'quarter', 'year', 'custom'] as const;
/** The shares of the target at which the owner (and their manager) are told. */
export const goalMilestonePercents = [50, 75, 100] as const;
export type GoalMetric = (typeof goalMetrics)[number];
export type GoalPeriod = (typeof goalPeriods)[number];

/** A target for one user or one team over one period; recurring goals roll over into the next. */
export const goals = pgTable(
  'goals',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    metric: text('metric', { enum: goalMetrics }).notNull(),
    /** For `interactions_logged`: only this type counts (null: every type). */
    interactionType: text('interaction_type', { enum: interactionTypes }),
    /** Money in the base currency for revenue and pipeline, a count otherwise. */
    target: decimal('target').notNull(),
    period: text('period', { enum: goalPeriods }).notNull(),
    /** The period as a half-open interval [start, end), in UTC. */
    periodStart: timestampColumn('period_start').notNull(),
    periodEnd: timestampColumn('period_end').notNull(),
    ownerUserId: uuid('owner_user_id'),
    ownerTeamId: uuid('owner_team_id'),
    /** Whether the period rollover creates the same goal for the next period. */
    recurring: boolean('recurring').notNull().default(true),
    /** The first goal of a recurring series: its history is the goals sharing it. */
    seriesId: uuid('series_id'),
    achievedAt: timestampColumn('achieved_at'),
    createdBy: uuid('created_by'),
    ...softDelete(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'goals_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.ownerUserId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'goals_owner_user_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.ownerTeamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'goals_owner_team_fk',
    }).onDelete('cascade'),
    index('goals_owner_user_idx').on(table.tenantId, table.ownerUserId, table.periodStart),
    index('goals_owner_team_idx').on(table.tenantId, table.ownerTeamId, table.periodStart),
    index('goals_period_idx').on(table.tenantId, table.periodEnd),
    index('goals_series_idx').on(table.tenantId, table.seriesId, table.periodStart),
    check('goals_owner_check', sql`(${table.ownerUserId} is null) <> (${table.ownerTeamId} is null)`),
    check('goals_target_check', sql`${table.target} > 0`),
    check('goals_period_order_check', sql`${table.periodEnd} > ${table.periodStart}`),
  ],
);

/** A milestone a goal reached, once (the key makes a second evaluation a no-op). */
export const goalMilestones = pgTable(
  'goal_milestones',
  {
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    percent: integer('percent').notNull(),
    /** The progress when it was reached. */
    value: decimal('value').notNull(),
    reachedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.goalId, table.percent] }),
    foreignKey({
      columns: [table.tenantId, table.goalId],
      foreignColumns: [goals.tenantId, goals.id],
      name: 'goal_milestones_goal_fk',
    }).onDelete('cascade'),
    check('goal_milestones_percent_check', sql`${table.percent} in (50, 75, 100)`),
  ],
);

export type Goal = typeof goals.$inferSelect;
export type GoalMilestone = typeof goalMilestones.$inferSelect;
