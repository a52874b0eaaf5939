/**
 * Analytics: the pipeline by stage, conversion between stages, win rate and sales cycle over time, the
 * pipeline created against what closed, activity by type and by person, for a date range and a team or
 * member. Numbers move when deals move; every chart has a table view and a CSV export; the filters are
 * in the address, so a view is a link to share.
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../lib/api';
import { money, percent } from '../lib/format';
import { ChartCard } from './charts/ChartCard';
import { FilterBar, reportQuery, useReportFilters } from './analytics/filters';
import { ReportChart } from './analytics/ReportChart';
import { charts, type Report } from './analytics/series';
import { Loaded, useAsync, useRealtimeReload } from './ui';

export const DEAL_EVENTS = [
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stage_changed',
  'opportunity.value_updated',
  'opportunity.assigned',
];

export function Headline({ report }: { report: Report }) {
  const won = report.periods.reduce((sum, period) => sum + period.won, 0);
  const lost = report.periods.reduce((sum, period) => sum + period.lost, 0);
  const wonAmount = report.periods.reduce((sum, period) => sum + period.wonAmount, 0);
  const items = [
    {
      label: `Open pipeline (${report.health.open} deals)`,
      value: money(report.health.openAmount, report.currency, true),
    },
    { label: 'Weighted by probability', value: money(report.health.weightedAmount, report.currency, true) },
    { label: `Won in range (${won} deals)`, value: money(wonAmount, report.currency, true) },
    { label: 'Win rate in range', value: won + lost ? percent(won / (won + lost)) : '—' },
    {
      label: 'Median days to win',
      value: report.cycle.medianDays === null ? '—' : String(report.cycle.medianDays),
    },
  ];
  return (
    <section class="kpis" aria-label="Key figures" data-testid="headline">
      {items.map((item) => (
        <div class="card kpi" key={item.label}>
          <div class="value">{item.value}</div>
          <div class="label">{item.label}</div>
        </div>
      ))}
    </section>
  );
}

function PipelineCharts({ report }: { report: Report }) {
  const pipelines = [...new Map(report.pipeline.map((stage) => [stage.pipelineId, stage.pipelineName]))];
  const [pipelineId, setPipelineId] = useState(pipelines[0]?.[0] ?? '');
  const name = pipelines.find(([id]) => id === pipelineId)?.[1] ?? '';
  return (
    <>
      {pipelines.length > 1 && (
        <div class="filters">
          <div>
            <label for="analytics-pipeline">Pipeline</label>
            <select
              id="analytics-pipeline"
              value={pipelineId}
              onChange={(event) => setPipelineId(event.currentTarget.value)}
            >
              {pipelines.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div class="grid charts">
        <ChartCard
          id="pipeline-by-stage"
          title={`Open pipeline by stage${pipelines.length > 1 ? `: ${name}` : ''}`}
          kind="bars"
          categoryLabel="Stage"
          data={charts.pipelineByStage(report, pipelineId)}
        />
        <ChartCard
          id="conversion"
          title="Conversion between stages"
          summary="Of the deals created in the range, how many reached each stage, then won."
          kind="bars"
          categoryLabel="Stage"
          data={charts.conversion(report, pipelineId)}
        />
      </div>
    </>
  );
}

export default function Analytics() {
  const [filters, setFilters] = useReportFilters();
  const state = useAsync(
    () => unwrap(api.GET('/api/v1/analytics', { params: { query: reportQuery(filters) } })),
    [JSON.stringify(filters)],
  );
  useRealtimeReload(DEAL_EVENTS, state.reload);
  return (
    <>
      <FilterBar filters={filters} onChange={setFilters} />
      <Loaded state={state}>
        {(report) => (
          <div class="stack">
            <p class="muted" data-testid="scope">
              {report.scope.name}, from {report.from} until {report.to}, in {report.currency}.
            </p>
            <Headline report={report} />
            <PipelineCharts report={report} />
            <div class="grid charts">
              <ReportChart chart="win-rate" report={report} />
              <ReportChart
                chart="sales-cycle"
                report={report}
                summary={`${report.cycle.won} deals won; median ${report.cycle.medianDays ?? '—'} days, mean ${report.cycle.averageDays ?? '—'} days from creation to won.`}
              />
              <ReportChart chart="created-closed" report={report} />
              <ReportChart chart="activity-type" report={report} />
              <ReportChart chart="activity-rep" report={report} />
            </div>
          </div>
        )}
      </Loaded>
    </>
  );
}
