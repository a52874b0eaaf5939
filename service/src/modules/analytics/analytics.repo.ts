import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { AnalyticsInterval } from './analytics.schema.js';

/** What every query of a report shares: whose records (a subquery of user ids) and when. */
export interface ReportWindow {
  owners: SQL;
  from: Date;
  to: Date;
  interval: AnalyticsInterval;
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
/** The first day of the period holding `column`, as YYYY-MM-DD in UTC (weeks start on Monday). */
const periodOf = (interval: AnalyticsInterval, column: SQL) =>
  sql`to_char(date_trunc(${interval}, ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;

export interface StageTotalRow {
  pipeline_id: string;
  pipeline_name: string;
  stage_id: string;
  stage_name: string;
  position: number;
  currency: string | null;
  count: number;
  amount: string;
}

/** Open deals now per open stage (every stage listed, empty ones too), split by currency. */
export function openByStage(tx: Tx, owners: SQL): Promise<StageTotalRow[]> {
  return queryRows<StageTotalRow>(
    tx,
    sql`select p.id as pipeline_id, p.name as pipeline_name, s.id as stage_id, s.name as stage_name, s.position,
        o.currency, count(o.id)::int as count, coalesce(sum(o.amount), 0)::text as amount
      from stages s join pipelines p on p.id = s.pipeline_id
      left join opportunities o on o.stage_id = s.id and o.deleted_at is null and o.status = 'open'
        and o.owner_id in ${owners}
      where s.kind = 'open' and s.archived_at is null
      group by p.id, p.name, p.position, s.id, s.name, s.position, o.currency
      order by p.position, p.name, s.position`,
  );
}

export interface FurthestRow {
  pipeline_id: string;
  status: 'open' | 'won' | 'lost';
  furthest: number | null;
}

/** Per deal created in the window: its pipeline, status and the furthest open stage it ever reached. */
export function furthestStages(tx: Tx, window: ReportWindow): Promise<FurthestRow[]> {
  return queryRows<FurthestRow>(
    tx,
    sql`select o.pipeline_id, o.status, max(s.position) filter (where s.kind = 'open') as furthest
      from opportunities o
      join lateral (
        select h.to_stage_id as stage_id from opportunity_stage_history h where h.opportunity_id = o.id
        union select o.stage_id
      ) reached on true
      join stages s on s.id = reached.stage_id
      where o.deleted_at is null and o.owner_id in ${window.owners}
        and o.created_at >= ${at(window.from)} and o.created_at < ${at(window.to)}
      group by o.pipeline_id, o.id, o.status`,
  );
}

export interface OpenStageRow {
  id: string;
  name: string;
  pipeline_id: string;
  pipeline_name: string;
  position: number;
}

export function openStages(tx: Tx): Promise<OpenStageRow[]> {
  return queryRows<OpenStageRow>(
    tx,
    sql`select s.id, s.name, s.pipeline_id, p.name as pipeline_name, s.position
      from stages s join pipelines p on p.id = s.pipeline_id
      where s.kind = 'open' and s.archived_at is null order by p.position, p.name, s.position`,
  );
}

export interface MoneyByPeriodRow {
  period: string;
  kind: 'created' | 'won' | 'lost';
  currency: string;
  count: number;
  amount: string;
}

/** Deals created, won and lost per period of the window, by currency. */
export function createdAndClosed(tx: Tx, window: ReportWindow): Promise<MoneyByPeriodRow[]> {
  const { owners, interval } = window;
  return queryRows<MoneyByPeriodRow>(
    tx,
    sql`select ${periodOf(interval, sql`o.created_at`)} as period, 'created' as kind, o.currency,
        count(*)::int as count, sum(o.amount)::text as amount
      from opportunities o
      where o.deleted_at is null and o.owner_id in ${owners}
        and o.created_at >= ${at(window.from)} and o.created_at < ${at(window.to)}
      group by 1, o.currency
      union all
      select ${periodOf(interval, sql`o.closed_at`)}, o.status, o.currency, count(*)::int, sum(o.amount)::text
      from opportunities o
      where o.deleted_at is null and o.status <> 'open' and o.owner_id in ${owners}
        and o.closed_at >= ${at(window.from)} and o.closed_at < ${at(window.to)}
      group by 1, o.status, o.currency`,
  );
}

export interface CycleRow {
  period: string | null;
  won: number;
  median_days: number | null;
  average_days: number | null;
}

/** Days from creation to won: per period of the window, and over the whole window (`period` null). */
export function salesCycles(tx: Tx, window: ReportWindow): Promise<CycleRow[]> {
  const days = sql`extract(epoch from o.closed_at - o.created_at) / 86400`;
  return queryRows<CycleRow>(
    tx,
    sql`select ${periodOf(window.interval, sql`o.closed_at`)} as period, count(*)::int as won,
        percentile_cont(0.5) within group (order by ${days})::float8 as median_days,
        avg(${days})::float8 as average_days
      from opportunities o
      where o.deleted_at is null and o.status = 'won' and o.owner_id in ${window.owners}
        and o.closed_at >= ${at(window.from)} and o.closed_at < ${at(window.to)}
      group by grouping sets ((1), ())`,
  );
}

export interface ProbabilityRow {
  period: string;
  average: number;
}

/** The mean of the scores given to the window's deals per period (from the scores' history). */
export function probabilityTrend(tx: Tx, window: ReportWindow): Promise<ProbabilityRow[]> {
  return queryRows<ProbabilityRow>(
    tx,
    sql`select ${periodOf(window.interval, sql`h.at`)} as period, avg(h.probability)::float8 as average
      from prediction_history h join opportunities o on o.id = h.opportunity_id
      where o.deleted_at is null and o.owner_id in ${window.owners}
        and h.at >= ${at(window.from)} and h.at < ${at(window.to)}
      group by 1`,
  );
}

export interface ActivityRow {
  user_id: string;
  name: string;
  type: string;
  count: number;
}

/** Conversations logged in the window, per person and type. */
export function activity(tx: Tx, window: ReportWindow): Promise<ActivityRow[]> {
  return queryRows<ActivityRow>(
    tx,
    sql`select i.owner_id as user_id, u.name, i.type, count(*)::int as count
      from interactions i join users u on u.id = i.owner_id
      where i.deleted_at is null and i.owner_id in ${window.owners}
        and i.occurred_at >= ${at(window.from)} and i.occurred_at < ${at(window.to)}
      group by i.owner_id, u.name, i.type
      order by u.name, i.type`,
  );
}

export interface OpenDealRow {
  amount: string;
  currency: string;
  probability: number;
  stale: boolean;
  overdue: boolean;
  quiet: boolean;
}

/**
 * Every open deal with its success probability (its score, else the person's override, else the stage's)
 * and what puts it at risk. One row per open deal: bounded by the organization's open pipeline.
 */
export function openDeals(tx: Tx, owners: SQL, now: Date): Promise<OpenDealRow[]> {
  return queryRows<OpenDealRow>(
    tx,
    sql`select o.amount::text as amount, o.currency,
        coalesce(p.probability, o.probability_override / 100.0, s.probability / 100.0)::float8 as probability,
        o.stage_entered_at < ${at(now)} - interval '30 days' as stale,
        coalesce(o.expected_close_date < (${at(now)} at time zone 'UTC')::date, false) as overdue,
        not exists (select 1 from interactions i where i.opportunity_id = o.id and i.deleted_at is null
          and i.occurred_at >= ${at(now)} - interval '14 days') as quiet
      from opportunities o join stages s on s.id = o.stage_id
      left join opportunity_predictions p on p.opportunity_id = o.id
      where o.deleted_at is null and o.status = 'open' and o.owner_id in ${owners}`,
  );
}
