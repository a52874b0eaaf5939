/**
 * One member's page, for their managers and Org Admins: their figures over the range, the period's
 * summary in sentences, their goals, results and activity over time.
 */
import { api, unwrap } from '../lib/api';
import { day, money } from '../lib/format';
import { Headline, DEAL_EVENTS } from './Analytics';
import { FilterBar, reportQuery, useReportFilters } from './analytics/filters';
import { ReportChart } from './analytics/ReportChart';
import { ChartCard } from './charts/ChartCard';
import { goalData, TEAM_PERMISSIONS } from './Team';
import { Allowed, Loaded, useAsync, useRealtimeReload } from './ui';

export default function Member() {
  const [filters, setFilters] = useReportFilters();
  const userId = new URLSearchParams(location.search).get('id') ?? '';
  const query = { ...reportQuery(filters), userId };
  const state = useAsync(
    () =>
      Promise.all([
        unwrap(api.GET('/api/v1/analytics', { params: { query } })),
        unwrap(api.GET('/api/v1/insights/summary', { params: { query: { period: 'month', userId } } })),
        unwrap(
          api.GET('/api/v1/goals', {
            params: { query: { ownerUserId: userId, current: 'true', limit: 50 } },
          }),
        ),
      ]),
    [JSON.stringify(filters), userId],
  );
  useRealtimeReload(DEAL_EVENTS, state.reload);
  return (
    <Allowed needs={TEAM_PERMISSIONS} what="A member's page">
      {() => (
        <>
          <p>
            <a href="/team">← Team performance</a>
          </p>
          <FilterBar
            filters={filters}
            onChange={(next) => setFilters({ ...next, userId: undefined })}
            showPeople={false}
          />
          <Loaded state={state}>
            {([report, summary, goals]) => (
              <div class="stack">
                <h2 data-testid="member-name">{report.scope.name}</h2>
                <Headline report={report} />
                <section class="card" aria-labelledby="summary-title">
                  <h3 id="summary-title">
                    {summary.period === 'month' ? 'Last month' : 'Last period'}: {day(summary.start)} to{' '}
                    {day(summary.end)}
                  </h3>
                  <p>{summary.headline}</p>
                  {summary.sections.map((section) => (
                    <div key={section.key}>
                      <h4>{section.title}</h4>
                      <ul>
                        {section.sentences.map((sentence) => (
                          <li key={sentence}>{sentence}</li>
                        ))}
                      </ul>
                    </div>
                  ))}
                </section>
                <div class="grid charts">
                  <ChartCard
                    id="member-goals"
                    title="Goals"
                    kind="bars"
                    categoryLabel="Goal"
                    data={goalData(goals.items)}
                  />
                  <ReportChart
                    chart="created-closed"
                    id="member-results"
                    report={report}
                    summary={`Open pipeline ${money(report.health.openAmount, report.currency)}.`}
                  />
                  <ReportChart chart="win-rate" report={report} />
                  <ReportChart chart="activity-type" report={report} />
                </div>
              </div>
            )}
          </Loaded>
        </>
      )}
    </Allowed>
  );
}
