/** The analytics report (`GET /api/v1/analytics`) as chart data: one function per chart. */
import type { Schemas } from '../../lib/api';
import { money, percent } from '../../lib/format';
import type { ChartData } from '../charts/chart-data';

export type Report = Schemas['Analytics'];

const monthLabel = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "Dec 2026", "Q4 2026" or "7 Dec": a period by its first day. */
export function periodLabel(start: string, interval: Report['interval']): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (interval === 'quarter') return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
  return interval === 'month' ? monthLabel.format(date) : dayLabel.format(date);
}

const count = (value: number) => value.toLocaleString();
const days = (value: number) => `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} d`;

function overPeriods(report: Report, series: ChartData['series'], format: ChartData['format']): ChartData {
  return {
    categories: report.periods.map((period) => periodLabel(period.period, report.interval)),
    series,
    format,
  };
}

export const charts = {
  pipelineByStage(report: Report, pipelineId: string): ChartData {
    const stages = report.pipeline.filter((stage) => stage.pipelineId === pipelineId);
    return {
      categories: stages.map((stage) => stage.stageName),
      series: [
        { label: 'Amount', values: stages.map((stage) => stage.amount) },
        { label: 'Deals', values: stages.map((stage) => stage.count), style: 'table-only' },
      ],
      format: (value) => money(value, report.currency, true),
    };
  },
  conversion(report: Report, pipelineId: string): ChartData {
    const steps = report.conversion.find((entry) => entry.pipelineId === pipelineId)?.steps ?? [];
    return {
      categories: steps.map((step) => step.stageName),
      series: [
        { label: 'Deals reached', values: steps.map((step) => step.reached) },
        { label: 'From the step before', values: steps.map((step) => step.rate), style: 'table-only' },
      ],
      format: count,
    };
  },
  winRate: (report: Report) =>
    overPeriods(
      report,
      [
        { label: 'Win rate', values: report.periods.map((period) => period.winRate), color: '--good' },
        { label: 'Won', values: report.periods.map((period) => period.won), style: 'table-only' },
        { label: 'Lost', values: report.periods.map((period) => period.lost), style: 'table-only' },
      ],
      (value) => (value <= 1 ? percent(value) : count(value)),
    ),
  salesCycle: (report: Report) =>
    overPeriods(
      report,
      [{ label: 'Median days to win', values: report.periods.map((p) => p.cycleDays) }],
      days,
    ),
  createdVsClosed: (report: Report) =>
    overPeriods(
      report,
      [
        { label: 'Created', values: report.periods.map((p) => p.createdAmount) },
        { label: 'Won', values: report.periods.map((p) => p.wonAmount), color: '--good' },
        { label: 'Lost', values: report.periods.map((p) => p.lostAmount), color: '--bad' },
      ],
      (value) => money(value, report.currency, true),
    ),
  probability: (report: Report) =>
    overPeriods(
      report,
      [{ label: 'Mean success probability', values: report.periods.map((p) => p.averageProbability) }],
      percent,
    ),
  activityByType: (report: Report): ChartData => ({
    categories: report.activityByType.map((entry) => entry.type),
    series: [{ label: 'Logged', values: report.activityByType.map((entry) => entry.count) }],
    format: count,
  }),
  activityByRep: (report: Report): ChartData => {
    const types = [...new Set(report.activityByRep.flatMap((rep) => Object.keys(rep.byType)))].sort();
    return {
      categories: report.activityByRep.map((rep) => rep.name),
      series: [
        { label: 'All', values: report.activityByRep.map((rep) => rep.total) },
        ...types.map((type) => ({
          label: type,
          values: report.activityByRep.map((rep) => rep.byType[type] ?? 0),
          style: 'table-only' as const,
        })),
      ],
      format: count,
    };
  },
  health: (report: Report): ChartData => ({
    categories: report.health.bands.map((band) => `${band.band} probability`),
    series: [
      { label: 'Amount', values: report.health.bands.map((band) => band.amount) },
      { label: 'Deals', values: report.health.bands.map((band) => band.count), style: 'table-only' },
    ],
    format: (value) => money(value, report.currency, true),
  }),
};
