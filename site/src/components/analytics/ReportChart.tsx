/**
 * One chart of the analytics report by name: its title, kind, axis and data come from one catalogue,
 * so the analytics, team, member and forecast pages show the same chart the same way, and its CSV is
 * named for the chart and the range (`win-rate_2025-12-01_2026-12-05.csv`).
 */
import type { ComponentChildren } from 'preact';
import { ChartCard } from '../charts/ChartCard';
import type { ChartData } from '../charts/chart-data';
import { charts, type Report } from './series';

interface Spec {
  title: string;
  kind: 'lines' | 'bars';
  categoryLabel?: string;
  data: (report: Report) => ChartData;
}

export const REPORT_CHARTS = {
  'win-rate': { title: 'Win rate over time', kind: 'lines', data: charts.winRate },
  'sales-cycle': { title: 'Sales cycle', kind: 'lines', data: charts.salesCycle },
  'created-closed': { title: 'Pipeline created against closed', kind: 'lines', data: charts.createdVsClosed },
  'activity-type': {
    title: 'Activity by type',
    kind: 'bars',
    categoryLabel: 'Type',
    data: charts.activityByType,
  },
  'activity-rep': {
    title: 'Activity by person',
    kind: 'bars',
    categoryLabel: 'Person',
    data: charts.activityByRep,
  },
  'probability-trend': { title: 'Success probability over time', kind: 'lines', data: charts.probability },
  'pipeline-health': {
    title: 'Pipeline health and risk',
    kind: 'bars',
    categoryLabel: 'Band',
    data: charts.health,
  },
} satisfies Record<string, Spec>;

export type ReportChartName = keyof typeof REPORT_CHARTS;

export function ReportChart({
  chart,
  report,
  id = chart,
  summary,
  children,
}: {
  chart: ReportChartName;
  report: Report;
  /** The card's id when one page shows the chart twice, or under another name (default: the chart's). */
  id?: string;
  summary?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const spec: Spec = REPORT_CHARTS[chart];
  return (
    <ChartCard
      id={id}
      fileName={`${chart}_${report.from}_${report.to}`}
      title={spec.title}
      kind={spec.kind}
      {...(spec.categoryLabel && { categoryLabel: spec.categoryLabel })}
      data={spec.data(report)}
      summary={summary}
    >
      {children}
    </ChartCard>
  );
}
