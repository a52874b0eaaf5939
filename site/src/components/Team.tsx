/**
 * Team performance, for managers and Org Admins: members ranked on a metric this period (with their own
 * goal beside it), goal achievement, results and activity over time, and a page per member.
 */
import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../lib/api';
import { money, percent } from '../lib/format';
import { DEAL_EVENTS } from './Analytics';
import { FilterBar, reportQuery, useReportFilters, type ReportFilters } from './analytics/filters';
import { ReportChart } from './analytics/ReportChart';
import { ChartCard } from './charts/ChartCard';
import type { ChartData } from './charts/chart-data';
import { Allowed, Loaded, useAsync, useRealtimeReload } from './ui';

/** Managers, and Org Admins (whose record scope is the whole organization). */
export const TEAM_PERMISSIONS = ['team.view_performance', 'analytics.view_team_data', 'org.manage_users'];

type Metric = Schemas['GoalRankings']['metric'];
type Period = Schemas['GoalRankings']['period'];

const METRICS: [Metric, string][] = [
  ['revenue_won', 'Revenue won'],
  ['deals_won', 'Deals won'],
  ['pipeline_created', 'Pipeline created'],
  ['interactions_logged', 'Conversations logged'],
  ['tasks_completed', 'Tasks completed'],
];
const MONEY_METRICS = new Set<Metric>(['revenue_won', 'pipeline_created']);

export function rankingData(rankings: Schemas['GoalRankings'], currency: string): ChartData {
  const teams = new Set(rankings.items.map((item) => item.team.id));
  return {
    categories: rankings.items.map((item) =>
      teams.size > 1
        ? `${item.rank}. ${item.user.name} (${item.team.name})`
        : `${item.rank}. ${item.user.name}`,
    ),
    series: [
      {
        label: METRICS.find(([key]) => key === rankings.metric)?.[1] ?? rankings.metric,
        values: rankings.items.map((item) => Number(item.value)),
      },
      {
        label: 'Of own goal',
        values: rankings.items.map((item) => (item.goal ? item.goal.percent : null)),
        style: 'table-only',
      },
    ],
    format: (value) =>
      MONEY_METRICS.has(rankings.metric) ? money(value, currency, true) : value.toLocaleString(),
  };
}

export function goalData(goals: Schemas['Goal'][]): ChartData {
  return {
    categories: goals.map((goal) => `${goal.ownerUser?.name ?? goal.ownerTeam?.name ?? ''}: ${goal.name}`),
    series: [
      {
        label: 'Achieved (%)',
        values: goals.map((goal) => Math.round(goal.progress.percent)),
        color: '--good',
      },
    ],
    format: (value) => `${value}%`,
  };
}

function Rankings({ filters }: { filters: ReportFilters }) {
  const [metric, setMetric] = useState<Metric>('revenue_won');
  const [period, setPeriod] = useState<Period>('month');
  const state = useAsync(
    () =>
      Promise.all([
        unwrap(
          api.GET('/api/v1/goals/rankings', {
            params: { query: { metric, period, ...(filters.teamId && { teamId: filters.teamId }) } },
          }),
        ),
        unwrap(api.GET('/api/v1/currency-settings')),
      ]),
    [metric, period, filters.teamId],
  );
  useRealtimeReload([...DEAL_EVENTS, 'task.completed'], state.reload);
  return (
    <Loaded state={state}>
      {([rankings, currency]) => (
        <ChartCard
          id="rankings"
          title="Team rankings"
          kind="bars"
          categoryLabel="Member"
          data={rankingData(rankings, currency.baseCurrency)}
          summary={`This ${rankings.period}, from ${rankings.periodStart.slice(0, 10)}.`}
        >
          <div class="filters" style={{ marginTop: '0.75rem' }}>
            <div>
              <label for="ranking-metric">Rank by</label>
              <select
                id="ranking-metric"
                value={metric}
                onChange={(event) => setMetric(event.currentTarget.value as Metric)}
              >
                {METRICS.map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="ranking-period">This</label>
              <select
                id="ranking-period"
                value={period}
                onChange={(event) => setPeriod(event.currentTarget.value as Period)}
              >
                <option value="week">Week</option>
                <option value="month">Month</option>
                <option value="quarter">Quarter</option>
                <option value="year">Year</option>
              </select>
            </div>
          </div>
          <h3 class="visually-hidden">Member pages</h3>
          <ul class="list-inline" aria-label="Member pages">
            {[...new Map(rankings.items.map((item) => [item.user.id, item.user.name]))].map(([id, name]) => (
              <li key={id}>
                <a href={`/member?id=${id}`}>{name}</a>
              </li>
            ))}
          </ul>
        </ChartCard>
      )}
    </Loaded>
  );
}

function TeamFigures({ filters }: { filters: ReportFilters }) {
  const query = reportQuery(filters);
  const state = useAsync(
    () =>
      Promise.all([
        unwrap(api.GET('/api/v1/analytics', { params: { query } })),
        unwrap(
          api.GET('/api/v1/goals', {
            params: {
              query: { current: 'true', limit: 100, ...(query.userId && { ownerUserId: query.userId }) },
            },
          }),
        ),
      ]),
    [JSON.stringify(filters)],
  );
  useRealtimeReload(DEAL_EVENTS, state.reload);
  return (
    <Loaded state={state}>
      {([report, goals]) => {
        const met = goals.items.filter((goal) => goal.progress.met).length;
        return (
          <div class="grid charts">
            <ChartCard
              id="goal-achievement"
              title="Goal achievement"
              kind="bars"
              categoryLabel="Goal"
              data={goalData(goals.items)}
              summary={
                goals.items.length
                  ? `${met} of ${goals.items.length} current goals met (${percent(met / goals.items.length)}).`
                  : undefined
              }
            />
            <ReportChart chart="created-closed" id="team-results" report={report} />
            <ReportChart chart="win-rate" report={report} />
            <ReportChart chart="activity-rep" report={report} />
          </div>
        );
      }}
    </Loaded>
  );
}

export default function Team() {
  const [filters, setFilters] = useReportFilters();
  return (
    <Allowed needs={TEAM_PERMISSIONS} what="Team performance">
      {() => (
        <>
          <FilterBar filters={filters} onChange={setFilters} />
          <div class="stack">
            <Rankings filters={filters} />
            <TeamFigures filters={filters} />
          </div>
        </>
      )}
    </Allowed>
  );
}
