import { AppError } from '../../core/errors/app-error.js';
import { ownerScope } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { currencyConverter } from '../predictions/predictions.repo.js';
import * as repo from './analytics.repo.js';
import type { AnalyticsInterval } from './analytics.schema.js';

const DAY = 86_400_000;
/** A report covers at most this long: its periods stay a chart's width, its queries bounded. */
const MAX_RANGE_DAYS = 3 * 366;

const day = (date: Date) => date.toISOString().slice(0, 10);

function parseDay(value: string, field: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()))
    throw AppError.validation([{ path: `query.${field}`, message: 'must be a date like 2026-12-31' }]);
  return date;
}

/** The first day of the period holding `date` (UTC; weeks start on Monday, as Postgres's `date_trunc`). */
export function periodStart(date: Date, interval: AnalyticsInterval): Date {
  if (interval === 'week') {
    const monday = (date.getUTCDay() + 6) % 7;
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - monday));
  }
  const month = interval === 'month' ? date.getUTCMonth() : Math.floor(date.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(date.getUTCFullYear(), month, 1));
}

function nextPeriod(start: Date, interval: AnalyticsInterval): Date {
  if (interval === 'week') return new Date(start.getTime() + 7 * DAY);
  const months = interval === 'month' ? 1 : 3;
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
}

/** The periods a window covers, by their first day. */
export function periodsOf(from: Date, to: Date, interval: AnalyticsInterval): string[] {
  const periods: string[] = [];
  for (let start = periodStart(from, interval); start < to; start = nextPeriod(start, interval))
    periods.push(day(start));
  return periods;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const roundOrNull = (value: number | null | undefined, places = 2) =>
  value === null || value === undefined ? null : round(value, places);

const PROBABILITY_BANDS = [
  { band: 'low', below: 0.3 },
  { band: 'medium', below: 0.7 },
  { band: 'high', below: Infinity },
] as const;

/**
 * The figures behind the analytics pages over a window: the open pipeline by stage, conversion between
 * stages, and per period deals created, won and lost, win rate, sales cycle and mean success probability;
 * conversations by type and by person; the open pipeline's health. Money is in the base currency.
 */
export async function analytics({
  actor,
  tx,
  now = new Date(),
  ...input
}: CommandInput & {
  from?: string | undefined;
  to?: string | undefined;
  interval?: AnalyticsInterval | undefined;
  teamId?: string | undefined;
  userId?: string | undefined;
  now?: Date;
}) {
  const interval = input.interval ?? 'month';
  const to = input.to
    ? parseDay(input.to, 'to')
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const from = input.from
    ? parseDay(input.from, 'from')
    : periodStart(new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate())), interval);
  if (to <= from) throw AppError.validation([{ path: 'query.to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY)
    throw AppError.validation([{ path: 'query.from', message: 'a report covers at most three years' }]);

  const scope = await ownerScope(tx, actor, {
    ...(input.teamId && { teamId: input.teamId }),
    ...(input.userId && { userId: input.userId }),
  });
  const window: repo.ReportWindow = { owners: scope.owners, from, to, interval };
  const { base, toBase } = await currencyConverter(tx);
  const money = (amount: string | null, currency: string | null) =>
    amount === null || currency === null ? 0 : toBase(Number(amount), currency);

  const [stageTotals, stages, furthest, flows, cycles, scores, activity, openDeals] = [
    await repo.openByStage(tx, scope.owners),
    await repo.openStages(tx),
    await repo.furthestStages(tx, window),
    await repo.createdAndClosed(tx, window),
    await repo.salesCycles(tx, window),
    await repo.probabilityTrend(tx, window),
    await repo.activity(tx, window),
    await repo.openDeals(tx, scope.owners, now),
  ];

  const pipeline = new Map<string, repo.StageTotalRow & { total: number }>();
  for (const row of stageTotals) {
    const entry = pipeline.get(row.stage_id) ?? { ...row, count: 0, total: 0 };
    entry.count += row.count;
    entry.total += money(row.amount, row.currency);
    pipeline.set(row.stage_id, entry);
  }

  const pipelines = new Map<
    string,
    { pipelineId: string; pipelineName: string; stages: repo.OpenStageRow[] }
  >();
  for (const stage of stages) {
    const entry = pipelines.get(stage.pipeline_id) ?? {
      pipelineId: stage.pipeline_id,
      pipelineName: stage.pipeline_name,
      stages: [],
    };
    entry.stages.push(stage);
    pipelines.set(stage.pipeline_id, entry);
  }
  const conversion = [...pipelines.values()].map(({ pipelineId, pipelineName, stages: ordered }) => {
    const deals = furthest.filter((row) => row.pipeline_id === pipelineId);
    const reachedCounts = [
      ...ordered.map((stage) => ({
        stageId: stage.id,
        stageName: stage.name,
        reached: deals.filter((row) => row.status === 'won' || (row.furthest ?? -Infinity) >= stage.position)
          .length,
      })),
      { stageId: null, stageName: 'Won', reached: deals.filter((row) => row.status === 'won').length },
    ];
    return {
      pipelineId,
      pipelineName,
      steps: reachedCounts.map((step, index) => ({
        ...step,
        rate: index === 0 ? null : roundOrNull(ratio(step.reached, reachedCounts[index - 1]!.reached), 4),
      })),
    };
  });

  const periods = periodsOf(from, to, interval).map((period) => {
    const flowsOf = (kind: repo.MoneyByPeriodRow['kind']) =>
      flows.filter((row) => row.period === period && row.kind === kind);
    const count = (rows: repo.MoneyByPeriodRow[]) => rows.reduce((sum, row) => sum + row.count, 0);
    const amount = (rows: repo.MoneyByPeriodRow[]) =>
      round(rows.reduce((sum, row) => sum + money(row.amount, row.currency), 0));
    const [created, won, lost] = [flowsOf('created'), flowsOf('won'), flowsOf('lost')];
    return {
      period,
      created: count(created),
      createdAmount: amount(created),
      won: count(won),
      wonAmount: amount(won),
      lost: count(lost),
      lostAmount: amount(lost),
      winRate: roundOrNull(ratio(count(won), count(won) + count(lost)), 4),
      cycleDays: roundOrNull(cycles.find((row) => row.period === period)?.median_days, 1),
      averageProbability: roundOrNull(scores.find((row) => row.period === period)?.average, 4),
    };
  });
  const overall = cycles.find((row) => row.period === null);

  const activityByType = new Map<string, number>();
  const activityByRep = new Map<
    string,
    { userId: string; name: string; total: number; byType: Record<string, number> }
  >();
  for (const row of activity) {
    activityByType.set(row.type, (activityByType.get(row.type) ?? 0) + row.count);
    const rep = activityByRep.get(row.user_id) ?? {
      userId: row.user_id,
      name: row.name,
      total: 0,
      byType: {},
    };
    rep.total += row.count;
    rep.byType[row.type] = row.count;
    activityByRep.set(row.user_id, rep);
  }

  const bands = PROBABILITY_BANDS.map(({ band }) => ({ band, count: 0, amount: 0 }));
  let openAmount = 0;
  let weightedAmount = 0;
  for (const deal of openDeals) {
    const amount = money(deal.amount, deal.currency);
    openAmount += amount;
    weightedAmount += amount * deal.probability;
    const band = bands[PROBABILITY_BANDS.findIndex(({ below }) => deal.probability < below)]!;
    band.count += 1;
    band.amount += amount;
  }

  return {
    from: day(from),
    to: day(to),
    interval,
    currency: base,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    pipeline: [...pipeline.values()].map((row) => ({
      pipelineId: row.pipeline_id,
      pipelineName: row.pipeline_name,
      stageId: row.stage_id,
      stageName: row.stage_name,
      position: row.position,
      count: row.count,
      amount: round(row.total),
    })),
    conversion,
    periods,
    cycle: {
      won: overall?.won ?? 0,
      medianDays: roundOrNull(overall?.median_days, 1),
      averageDays: roundOrNull(overall?.average_days, 1),
    },
    activityByType: [...activityByType]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count),
    activityByRep: [...activityByRep.values()].sort((a, b) => b.total - a.total),
    health: {
      open: openDeals.length,
      openAmount: round(openAmount),
      weightedAmount: round(weightedAmount),
      stale: openDeals.filter((deal) => deal.stale).length,
      overdue: openDeals.filter((deal) => deal.overdue).length,
      quiet: openDeals.filter((deal) => deal.quiet).length,
      bands: bands.map((band) => ({ ...band, amount: round(band.amount) })),
    },
  };
}

export type Analytics = Awaited<ReturnType<typeof analytics>>;
