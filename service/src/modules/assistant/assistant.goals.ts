/**
 * Goals in chat: "100 calls for raj this week" becomes a goal (through `createGoal`, with the actor's own
 * right to set goals for that person), and "how am i tracking vs quota?" is answered from the goals the
 * actor may see, with their progress computed now.
 */
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { holdsAny, type TenantActor } from '../../core/identity/actor.js';
import { calendarPeriod, type CalendarPeriod } from '../goals/goal-periods.js';
import { MONEY_METRICS } from '../goals/goal-progress.repo.js';
import { goalRankings, listGoals, type GoalWithProgress } from '../goals/goals.commands.js';
import { GOAL_PERMISSIONS } from '../goals/goals.policy.js';
import type { CreateGoalInput } from '../goals/goals.schema.js';
import type { GoalMetric } from '../goals/goals.tables.js';
import type { AnswerLine } from './assistant.answers.js';

/** The parser's metrics as goals count them: an interaction metric is `interactions_logged` of one type. */
const GOAL_METRICS: Record<
  string,
  { metric: GoalMetric; interactionType?: CreateGoalInput['interactionType'] }
> = {
  revenue: { metric: 'revenue_won' },
  deals_won: { metric: 'deals_won' },
  pipeline: { metric: 'pipeline_created' },
  tasks_completed: { metric: 'tasks_completed' },
  interactions: { metric: 'interactions_logged' },
  calls: { metric: 'interactions_logged', interactionType: 'call' },
  meetings: { metric: 'interactions_logged', interactionType: 'meeting' },
  demos: { metric: 'interactions_logged', interactionType: 'demo' },
  emails: { metric: 'interactions_logged', interactionType: 'email' },
};

/** The interaction type a parser metric counts ("calls": call), null for every type, undefined for no count of interactions. */
export function interactionsCounted(metric: string | undefined): string | null | undefined {
  const counted = metric === undefined ? undefined : GOAL_METRICS[metric];
  return counted?.metric === 'interactions_logged' ? (counted.interactionType ?? null) : undefined;
}

/** A metric's value or target as people read it: money without cents, counts as they are. */
function figure(metric: GoalMetric, value: string | number): string {
  const money = (MONEY_METRICS as readonly string[]).includes(metric);
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: money ? 0 : 2 });
}

/** How a goal's metric reads after its target ("100 calls", "500,000 revenue won"). */
function measured(metric: GoalMetric, interactionType: string | null): string {
  if (metric === 'interactions_logged') return interactionType ? `${interactionType}s` : 'interactions';
  return metric.replace(/_/g, ' ');
}

const CALENDAR: CalendarPeriod[] = ['week', 'month', 'quarter', 'year'];
const DAY_MS = 24 * 60 * 60 * 1000;
const SHORT_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * The goal period of the days a message names (`from..to`, inclusive): a calendar week, month, quarter or
 * year when the days are exactly one (goals count calendar periods in UTC), otherwise a custom period.
 * No days named: this month.
 */
export function goalPeriodOf(
  days: { from: string; to: string } | undefined,
  now: Date,
): Pick<CreateGoalInput, 'period' | 'periodStart' | 'periodEnd'> & { label: string } {
  if (!days) return { period: 'month', periodStart: now, label: 'this month' };
  const start = new Date(`${days.from}T00:00:00Z`);
  const end = new Date(new Date(`${days.to}T00:00:00Z`).getTime() + DAY_MS);
  for (const period of CALENDAR) {
    const bounds = calendarPeriod(period, start);
    if (bounds.start.getTime() === start.getTime() && bounds.end.getTime() === end.getTime()) {
      const current = calendarPeriod(period, now).start.getTime() === start.getTime();
      return {
        period,
        periodStart: start,
        label: current ? `this ${period}` : `the ${period} from ${SHORT_DAY.format(start)}`,
      };
    }
  }
  return {
    period: 'custom',
    periodStart: start,
    periodEnd: end,
    label: `${SHORT_DAY.format(start)} to ${SHORT_DAY.format(new Date(end.getTime() - DAY_MS))}`,
  };
}

/** The goal a `set_goal` command sets, as `createGoal` takes it (without its owner). */
export function goalInputOf(
  entities: Record<string, unknown>,
  now: Date,
): Omit<CreateGoalInput, 'ownerUserId' | 'ownerTeamId'> {
  const counted = typeof entities.metric === 'string' ? GOAL_METRICS[entities.metric] : undefined;
  if (!counted)
    throw AppError.validation([
      {
        path: 'metric',
        message: 'say what the goal counts: revenue, deals won, pipeline, calls, meetings, ...',
      },
    ]);
  const target = typeof entities.target === 'number' ? entities.target : undefined;
  if (target === undefined || target <= 0)
    throw AppError.validation([{ path: 'target', message: 'say the target, a number above 0' }]);
  const { label, ...period } = goalPeriodOf(entities.period as { from: string; to: string } | undefined, now);
  const what = measured(counted.metric, counted.interactionType ?? null);
  return {
    name: `${figure(counted.metric, target)} ${what} ${label}`,
    metric: counted.metric,
    interactionType: counted.interactionType ?? null,
    target: String(target),
    ...period,
  };
}

const percentOf = ({ progress }: GoalWithProgress) => Math.round(Number(progress?.percent ?? 0));

/** "12 so far (12%)", "met (104%)": where a goal stands. */
export function goalSoFar(item: GoalWithProgress): string {
  const met = item.progress?.reached.includes(100);
  return met
    ? `met (${percentOf(item)}%)`
    : `${figure(item.goal.metric, item.progress?.value ?? '0')} so far (${percentOf(item)}%)`;
}

/** "100 calls this week (you): 12 of 100, 12%." */
function goalLine(item: GoalWithProgress, actor: TenantActor): AnswerLine {
  const { goal, progress } = item;
  const owner =
    goal.ownerUserId === actor.userId ? 'you' : (goal.ownerUserName ?? goal.ownerTeamName ?? 'someone');
  const met = progress?.reached.includes(100) ? ', met' : '';
  return {
    kind: 'answer',
    text: `${goal.name} (${owner}): ${figure(goal.metric, progress?.value ?? '0')} of ${figure(goal.metric, goal.target)}, ${percentOf(item)}%${met}.`,
  };
}

/**
 * "how am i tracking vs quota?": the current goals of the colleague named, or the actor's own; a member
 * with no goal of their own who sees others' (a manager) gets those.
 */
export async function goalProgress(
  actor: TenantActor,
  tx: Tx,
  ask: { owner?: { id: string; name: string } | undefined },
): Promise<AnswerLine[]> {
  if (!holdsAny(actor, GOAL_PERMISSIONS.list))
    return [{ kind: 'problem', text: 'Your role does not let you see goals.' }];
  const ownerUserId = ask.owner?.id ?? actor.userId;
  const own = await listGoals({ actor, tx, limit: 10, current: true, ownerUserId });
  const page = own.items.length || ask.owner ? own : await listGoals({ actor, tx, limit: 10, current: true });
  if (!page.items.length) {
    const who = ask.owner && ask.owner.id !== actor.userId ? `${ask.owner.name} has` : 'You have';
    return [{ kind: 'answer', text: `${who} no goal for the current period.` }];
  }
  return page.items.map((item) => goalLine(item, actor));
}

/** How many places of each team a leaderboard shows. */
const LEADERBOARD_PLACES = 5;

/**
 * "who's had the most meetings this week?": the members of the asker's teams (every team for an Org Admin)
 * ranked by the metric over the current calendar period the question names (this month unless it names
 * one), as the dashboard's team rankings rank them.
 */
export async function leaderboard(
  actor: TenantActor,
  tx: Tx,
  ask: { metric?: string | undefined; days?: { from: string; to: string } | undefined },
): Promise<AnswerLine[]> {
  if (!holdsAny(actor, GOAL_PERMISSIONS.rankings))
    return [{ kind: 'problem', text: "Your role does not let you see the team's rankings." }];
  const counted = GOAL_METRICS[ask.metric ?? 'revenue'] ?? GOAL_METRICS.revenue!;
  const now = new Date();
  const asked = goalPeriodOf(ask.days, now);
  // Rankings are of a current calendar period: a week asked is this week, anything else this month.
  const period: CalendarPeriod = asked.period === 'custom' ? 'month' : asked.period;
  const ranked = await goalRankings({
    actor,
    tx,
    period,
    metric: counted.metric,
    ...(counted.interactionType && { interactionType: counted.interactionType }),
  });
  if (!ranked.rows.length) return [{ kind: 'answer', text: 'You are in no team with anyone to rank.' }];
  const what = measured(counted.metric, counted.interactionType ?? null);
  const teams = new Map<string, typeof ranked.rows>();
  for (const row of ranked.rows) teams.set(row.teamId, [...(teams.get(row.teamId) ?? []), row]);
  return [...teams.values()].map((rows) => ({
    kind: 'answer' as const,
    text: `${rows[0]!.teamName}, ${what} this ${period}: ${rows
      .slice(0, LEADERBOARD_PLACES)
      .map((row) => `${row.rank}. ${row.userName} ${figure(counted.metric, row.value)}`)
      .join(', ')}.`,
  }));
}
