/**
 * The personal dashboard: where my pipeline stands, my goals, what is due, what happened lately, the
 * deals most worth my time (with their success probability) and the revenue forecast.
 */
import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../lib/api';
import { day, money, percent, relative } from '../lib/format';
import { can, session, type Session } from '../lib/session';
import ForecastChart from './ForecastChart';
import { Loaded, useAsync, useRealtimeReload } from './ui';

type Scope = 'mine' | 'all';

interface Overview {
  me: Session;
  summary: Schemas['PipelineSummary'];
  overdue: number;
  dueThisWeek: Schemas['Task'][];
  goals: Schemas['Goal'][];
  activity: Schemas['Interaction'][];
  insights: Schemas['InsightsSummary'] | null;
}

const OPEN = new Set(['todo', 'in_progress', 'blocked']);

function endOfWeek(now = new Date()): Date {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  end.setDate(end.getDate() + ((7 - end.getDay()) % 7));
  return end;
}

async function loadOverview(scope: Scope): Promise<Overview> {
  const me = await session();
  const ownerId = scope === 'mine' ? me.user.id : undefined;
  const [summary, overdue, due, goals, activity, insights] = await Promise.all([
    unwrap(api.GET('/api/v1/opportunities/summary', { params: { query: { ownerId } } })),
    unwrap(api.GET('/api/v1/tasks/count', { params: { query: { mine: 'true', overdue: 'true' } } })),
    unwrap(
      api.GET('/api/v1/tasks', {
        params: { query: { mine: 'true', dueBefore: endOfWeek().toISOString(), limit: 50 } },
      }),
    ),
    unwrap(api.GET('/api/v1/goals', { params: { query: { current: 'true', limit: 20 } } })),
    unwrap(api.GET('/api/v1/interactions', { params: { query: { ownerId: me.user.id, limit: 8 } } })),
    unwrap(
      api.GET('/api/v1/insights/summary', {
        params: { query: { period: 'month', userId: ownerId } },
      }),
    ).catch(() => null),
  ]);
  return {
    me,
    summary,
    overdue: overdue.count,
    dueThisWeek: due.items.filter((task) => OPEN.has(task.status)).slice(0, 10),
    goals: goals.items,
    activity: activity.items,
    insights,
  };
}

function Kpis({ overview }: { overview: Overview }) {
  const { summary } = overview;
  const open = summary.stages.filter((stage) => stage.kind === 'open');
  const won = summary.stages.filter((stage) => stage.kind === 'won');
  const lost = summary.stages.filter((stage) => stage.kind === 'lost');
  const sum = (stages: typeof open, key: 'totalAmount' | 'weightedAmount') =>
    stages.reduce((total, stage) => total + Number(stage[key]), 0);
  const count = (stages: typeof open) => stages.reduce((total, stage) => total + stage.count, 0);
  const closed = count(won) + count(lost);
  const currency = summary.baseCurrency;
  const items = [
    { label: `Open pipeline (${count(open)} deals)`, value: money(sum(open, 'totalAmount'), currency, true) },
    { label: 'Weighted pipeline', value: money(sum(open, 'weightedAmount'), currency, true) },
    { label: `Won since ${day(summary.closedAfter)}`, value: money(sum(won, 'totalAmount'), currency, true) },
    { label: 'Win rate', value: closed ? percent(count(won) / closed) : '—' },
    { label: 'Tasks overdue', value: String(overview.overdue), bad: overview.overdue > 0 },
    { label: 'Tasks due this week', value: String(overview.dueThisWeek.length) },
  ];
  return (
    <section class="kpis" aria-label="Key figures">
      {items.map((item) => (
        <div class="card kpi" key={item.label}>
          <div class={`value${item.bad ? ' error' : ''}`}>{item.value}</div>
          <div class="label">{item.label}</div>
        </div>
      ))}
    </section>
  );
}

function Goals({ goals }: { goals: Schemas['Goal'][] }) {
  return (
    <section class="card" aria-labelledby="goals-title">
      <h2 id="goals-title">Goals</h2>
      {goals.length === 0 ? (
        <p class="muted">No goals for this period.</p>
      ) : (
        <ul class="list-plain">
          {goals.map((goal) => (
            <li key={goal.id}>
              <div>
                <strong>{goal.name}</strong>{' '}
                <span class="muted">
                  {goal.ownerUser?.name ?? goal.ownerTeam?.name} · until {day(goal.periodEnd)}
                </span>
              </div>
              <div
                class="progress"
                role="progressbar"
                aria-label={`${goal.name} progress`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.min(100, Math.round(goal.progress.percent))}
              >
                <span style={{ width: `${Math.min(100, goal.progress.percent)}%` }} />
              </div>
              <div class="muted">
                {goal.metric.startsWith('revenue') || goal.metric === 'pipeline_created'
                  ? `${money(goal.progress.value)} of ${money(goal.progress.target)}`
                  : `${Number(goal.progress.value)} of ${Number(goal.progress.target)}`}{' '}
                ({goal.progress.percent}%){goal.progress.met && ' · met'}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DueTasks({ tasks, overdue }: { tasks: Schemas['Task'][]; overdue: number }) {
  const now = Date.now();
  return (
    <section class="card" aria-labelledby="due-title">
      <h2 id="due-title">Due this week</h2>
      {overdue > 0 && (
        <p>
          <a href="/tasks?due=overdue" class="error">
            {overdue} overdue {overdue === 1 ? 'task' : 'tasks'}
          </a>
        </p>
      )}
      {tasks.length === 0 ? (
        <p class="muted">Nothing due this week.</p>
      ) : (
        <ul class="list-plain">
          {tasks.map((task) => (
            <li key={task.id}>
              <a href={`/task?id=${task.id}`}>{task.title}</a>{' '}
              <span class={task.dueAt && Date.parse(task.dueAt) < now ? 'error' : 'muted'}>
                {relative(task.dueAt)}
              </span>{' '}
              <span class="badge">{task.priority}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Activity({ items }: { items: Schemas['Interaction'][] }) {
  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      {items.length === 0 ? (
        <p class="muted">No calls, meetings or emails logged yet.</p>
      ) : (
        <ul class="list-plain">
          {items.map((item) => (
            <li key={item.id}>
              <span class="badge">{item.type}</span>{' '}
              {item.customer && <a href={`/customer?id=${item.customer.id}`}>{item.customer.name}</a>}
              {item.summary && <span>: {item.summary}</span>}{' '}
              <span class="muted">{relative(item.occurredAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TopDeals({ insights }: { insights: Schemas['InsightsSummary'] | null }) {
  const deals = insights?.priorities ?? [];
  return (
    <section class="card" aria-labelledby="top-title">
      <h2 id="top-title">Top deals</h2>
      {insights?.headline && <p>{insights.headline}</p>}
      {deals.length === 0 ? (
        <p class="muted">No open deals to rank yet.</p>
      ) : (
        <ol class="list-plain">
          {deals.map((deal) => (
            <li key={deal.opportunityId}>
              <a href={`/opportunity?id=${deal.opportunityId}`}>{deal.name}</a>{' '}
              <span class="badge accent" title="Success probability">
                {percent(deal.probability)}
              </span>{' '}
              <span class="muted">
                {money(deal.amount, insights?.currency)} · expected{' '}
                {money(deal.expectedValue, insights?.currency)}
              </span>
              <div class="muted">{deal.sentence}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const DASHBOARD_EVENTS = [
  'opportunity.stage_changed',
  'opportunity.created',
  'task.created',
  'task.completed',
];

export default function Dashboard() {
  const [scope, setScope] = useState<Scope>('mine');
  const overview = useAsync(() => loadOverview(scope), [scope]);
  useRealtimeReload(DASHBOARD_EVENTS, overview.reload);

  return (
    <Loaded state={overview}>
      {(data) => (
        <>
          {can(data.me, 'analytics.view_team_data') && (
            <div class="filters" role="group" aria-label="Whose figures">
              <label>
                <input
                  type="radio"
                  name="scope"
                  checked={scope === 'mine'}
                  onChange={() => setScope('mine')}
                />{' '}
                Mine
              </label>
              <label>
                <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />{' '}
                Everyone I can see
              </label>
            </div>
          )}
          <Kpis overview={data} />
          <div class="grid">
            <DueTasks tasks={data.dueThisWeek} overdue={data.overdue} />
            <Goals goals={data.goals} />
            <TopDeals insights={data.insights} />
            <Activity items={data.activity} />
          </div>
          <div class="stack">
            <ForecastChart />
          </div>
        </>
      )}
    </Loaded>
  );
}
