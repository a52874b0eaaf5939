/**
 * Progress is computed from the records, never stored: one SQL statement sums or counts, per goal, the
 * won deals, created deals, interactions or completed tasks of its owner (a person, or a team's members)
 * in its period. Money is converted to the organization's base currency as the pipeline totals do; a
 * deal in a currency without a rate is left out.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { DEFAULT_BASE_CURRENCY } from '../opportunities/currency-settings.repo.js';

/** The metrics counted in money (base currency, 2 decimals); the others are counts. */
export const MONEY_METRICS = ['revenue_won', 'pipeline_created'] as const;

/** A target as the API shows it: money with 2 decimals, a count as a whole number ("5", not "5.00"). */
export function targetText(metric: string, target: string): string {
  return (MONEY_METRICS as readonly string[]).includes(metric) ? target : String(Math.round(Number(target)));
}

interface MetricInput {
  /** The organization (named explicitly, as RLS says the same, so the plans use the tenant indexes). */
  tenant: SQL;
  /** The metric: a column or a literal. */
  metric: SQL;
  /** For interactions_logged: the type, or null for every type. */
  interactionType: SQL;
  /** A `uuid[]` of the users whose records count (each read through its owner index). */
  owners: SQL;
  start: SQL;
  end: SQL;
  /** The organization's currency settings row (`currency_settings`, joined once), or nulls. */
  settings: SQL;
}

/**
 * The value of a metric over [start, end) for the owners, as `numeric`. Private tasks never count: they
 * must not show in anyone else's counts, and a goal is read by others (managers, the team).
 */
export function metricValue(input: MetricInput): SQL {
  const { tenant, metric, interactionType, owners, start, end, settings } = input;
  // Units of base currency per unit of the deal's currency (null: no rate, the deal is left out).
  const rate = sql`(case when o.currency::text = coalesce(${settings}.base_currency::text, ${DEFAULT_BASE_CURRENCY})
    then 1::numeric else (${settings}.rates ->> o.currency::text)::numeric end)`;
  // Each owner's records through their own index (owner first), then summed: a nested loop per owner.
  const who = sql`unnest(${owners}) who(user_id)`;
  const deals = sql`${who} join opportunities o on o.tenant_id = ${tenant} and o.owner_id = who.user_id
    and o.deleted_at is null`;
  const won = sql`${deals} and o.status = 'won' and o.closed_at >= ${start} and o.closed_at < ${end}`;
  const created = sql`${deals} and o.created_at >= ${start} and o.created_at < ${end}`;
  return sql`(case ${metric}
    when 'revenue_won' then (select coalesce(sum(o.amount * ${rate}), 0) from ${won})
    when 'deals_won' then (select count(*)::numeric from ${won})
    when 'pipeline_created' then (select coalesce(sum(o.amount * ${rate}), 0) from ${created})
    when 'interactions_logged' then (select count(*)::numeric from ${who}
      join interactions i on i.tenant_id = ${tenant} and i.owner_id = who.user_id and i.deleted_at is null
        and i.occurred_at >= ${start} and i.occurred_at < ${end}
        and (${interactionType}::text is null or i.type = ${interactionType}::text))
    when 'tasks_completed' then (select count(distinct t.id)::numeric from ${who}
      join task_assignees a on a.tenant_id = ${tenant} and a.user_id = who.user_id
      join tasks t on t.tenant_id = a.tenant_id and t.id = a.task_id
        and t.status = 'done' and t.deleted_at is null and t.visibility <> 'private'
        and t.completed_at >= ${start} and t.completed_at < ${end})
    end)`;
}

/** A computed value as the API shows it: money with 2 decimals, a count as a whole number. */
export function valueText(metric: SQL, value: SQL): SQL {
  return sql`(case when ${metric} in ('revenue_won', 'pipeline_created') then round(${value}, 2)::text
    else round(${value})::text end)`;
}

/** Share of the target in percent with one decimal, as a float for the API. */
export function percentOf(value: SQL, target: SQL): SQL {
  return sql`round(${value} / ${target} * 100, 1)::float8`;
}

export interface GoalProgressRow {
  goalId: string;
  value: string;
  percent: number;
  /** The milestone percents the exact value has reached (value * 100 >= target * percent). */
  reached: number[];
  milestones: { percent: number; reached_at: string }[];
}

/** The statement of `progressOf` (exported for plans). */
export function progressQuery(goalIds: readonly string[]): SQL {
  const value = metricValue({
    tenant: sql`g.tenant_id`,
    metric: sql`g.metric`,
    interactionType: sql`g.interaction_type`,
    owners: sql`owner.ids`,
    start: sql`g.period_start`,
    end: sql`g.period_end`,
    settings: sql`cs`,
  });
  return sql`select g.id as "goalId", ${valueText(sql`g.metric`, sql`v.value`)} as value,
        ${percentOf(sql`v.value`, sql`g.target`)} as percent,
        array(select p from unnest(array[50, 75, 100]) p where v.value * 100 >= g.target * p) as reached,
        (select coalesce(json_agg(json_build_object('percent', m.percent, 'reached_at', m.created_at)
            order by m.percent), '[]'::json)
          from goal_milestones m where m.tenant_id = g.tenant_id and m.goal_id = g.id) as milestones
      from goals g
      left join currency_settings cs on cs.tenant_id = g.tenant_id
      cross join lateral (select case when g.owner_user_id is not null then array[g.owner_user_id]
        else array(select tm.user_id from team_members tm
          where tm.tenant_id = g.tenant_id and tm.team_id = g.owner_team_id) end as ids) owner
      cross join lateral (select ${value} as value) v
      where g.id in (${sql.join(
        goalIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`;
}

/** The progress of goals (by id) in one statement: value, percent, and the milestones reached so far. */
export async function progressOf(tx: Tx, goalIds: readonly string[]): Promise<Map<string, GoalProgressRow>> {
  if (!goalIds.length) return new Map();
  const rows = await queryRows<GoalProgressRow>(tx, progressQuery(goalIds));
  return new Map(
    rows.map((row) => [
      row.goalId,
      { ...row, percent: Number(row.percent), reached: row.reached.map(Number) },
    ]),
  );
}

export interface RankingRow {
  teamId: string;
  teamName: string;
  userId: string;
  userName: string;
  value: string;
  rank: number;
  goalId: string | null;
  goalTarget: string | null;
  goalPercent: number | null;
}

/**
 * The active members of the teams matching `teams` (a condition on `t.id`), each with the metric over
 * [start, end), ranked within their team (equal values share a rank), and their own visible goal on the
 * same metric and period if they have one (`goalVisible`, a condition on the goals table).
 */
export function rankings(
  tx: Tx,
  input: {
    metric: string;
    interactionType: string | null;
    period: string;
    start: Date;
    end: Date;
    teams: SQL;
    goalVisible: SQL;
  },
): Promise<RankingRow[]> {
  const start = sql`${input.start.toISOString()}::timestamptz`;
  const end = sql`${input.end.toISOString()}::timestamptz`;
  const metric = sql`${input.metric}::text`;
  const value = metricValue({
    tenant: sql`member.tenant_id`,
    metric,
    interactionType: sql`${input.interactionType}::text`,
    owners: sql`array[member.user_id]`,
    start,
    end,
    settings: sql`cs`,
  });
  return queryRows<RankingRow>(
    tx,
    sql`with member as (
        select t.tenant_id, t.id as team_id, t.name as team_name, tm.user_id, u.name as user_name
        from teams t
        join team_members tm on tm.tenant_id = t.tenant_id and tm.team_id = t.id
        join memberships m on m.tenant_id = tm.tenant_id and m.user_id = tm.user_id and m.status = 'active'
        join users u on u.id = tm.user_id
        where ${input.teams}
      ), scored as (
        select member.*, ${value} as value from member
        left join currency_settings cs on cs.tenant_id = member.tenant_id
      )
      select s.team_id as "teamId", s.team_name as "teamName", s.user_id as "userId", s.user_name as "userName",
        ${valueText(metric, sql`s.value`)} as value,
        (rank() over (partition by s.team_id order by s.value desc))::int as rank,
        own.id as "goalId", own.target::text as "goalTarget",
        case when own.id is null then null else ${percentOf(sql`s.value`, sql`own.target`)} end as "goalPercent"
      from scored s
      left join lateral (
        select goals.id, goals.target from goals
        where goals.owner_user_id = s.user_id and goals.metric = ${metric} and goals.period = ${input.period}
          and goals.period_start = ${start} and ${input.goalVisible}
        order by goals.created_at desc limit 1
      ) own on true
      order by s.team_name, s.team_id, rank, s.user_name, s.user_id`,
  );
}
