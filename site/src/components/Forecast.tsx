/**
 * Forecasts: revenue by period with its P10-P90 band, how success probabilities moved, the open
 * pipeline's health and risk, and the deals most worth working on, for the caller's scope, a team or a
 * member (filters in the address).
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../lib/api';
import { money, percent } from '../lib/format';
import { DEAL_EVENTS } from './Analytics';
import { FilterBar, reportQuery, useReportFilters } from './analytics/filters';
import { ReportChart } from './analytics/ReportChart';
import ForecastChart from './ForecastChart';
import { Loaded, useAsync, useRealtimeReload } from './ui';

const RISK_EVENTS = [...DEAL_EVENTS, 'opportunity.prediction_changed'];

export default function Forecast() {
  const [filters, setFilters] = useReportFilters();
  const [period, setPeriod] = useState<'month' | 'quarter'>('month');
  const query = reportQuery(filters);
  const state = useAsync(
    () =>
      Promise.all([
        unwrap(api.GET('/api/v1/analytics', { params: { query } })),
        unwrap(
          api.GET('/api/v1/insights/churn-risks', {
            params: {
              query: {
                limit: 8,
                ...(query.teamId && { teamId: query.teamId }),
                ...(query.userId && { userId: query.userId }),
              },
            },
          }),
        ).catch(() => null),
        unwrap(
          api.GET('/api/v1/insights/summary', {
            params: {
              query: {
                period: 'month',
                ...(query.teamId && { teamId: query.teamId }),
                ...(query.userId && { userId: query.userId }),
              },
            },
          }),
        ),
      ]),
    [JSON.stringify(filters)],
  );
  useRealtimeReload(RISK_EVENTS, state.reload);
  return (
    <>
      <FilterBar filters={filters} onChange={setFilters} />
      <div class="filters">
        <div>
          <label for="forecast-period">Forecast by</label>
          <select
            id="forecast-period"
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value === 'quarter' ? 'quarter' : 'month')}
          >
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
          </select>
        </div>
      </div>
      <ForecastChart period={period} teamId={query.userId ? undefined : query.teamId} />
      <Loaded state={state}>
        {([report, churn, insights]) => (
          <div class="stack">
            <div class="grid charts">
              <ReportChart
                chart="probability-trend"
                report={report}
                summary="The mean of the scores given to deals in each period."
              />
              <ReportChart
                chart="pipeline-health"
                report={report}
                summary={`${report.health.open} open deals worth ${money(report.health.openAmount, report.currency)}, ${money(report.health.weightedAmount, report.currency)} weighted by probability.`}
              >
                <ul class="list-plain risk-list" aria-label="Risks">
                  <li>
                    <strong>{report.health.stale}</strong> in the same stage for 30 days or more
                  </li>
                  <li>
                    <strong>{report.health.overdue}</strong> past their expected close date
                  </li>
                  <li>
                    <strong>{report.health.quiet}</strong> with no conversation in 14 days
                  </li>
                </ul>
              </ReportChart>
            </div>
            {churn && (
              <section class="card" aria-labelledby="churn-title">
                <h2 id="churn-title">Customers at risk of leaving</h2>
                {churn.items.length === 0 ? (
                  <p class="muted">No active customer to judge yet.</p>
                ) : (
                  <div class="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Customer</th>
                          <th scope="col">Risk</th>
                          <th scope="col">Why</th>
                          <th scope="col">What to do</th>
                        </tr>
                      </thead>
                      <tbody>
                        {churn.items.map((customer) => (
                          <tr key={customer.customerId}>
                            <th scope="row">
                              <a href={`/customer?id=${customer.customerId}`}>{customer.name}</a>
                            </th>
                            <td>
                              <span class={`badge${customer.level === 'high' ? ' bad' : ''}`}>
                                {customer.level} · {percent(customer.risk)}
                              </span>
                            </td>
                            <td>{customer.factors[0]?.sentence ?? '—'}</td>
                            <td>{customer.recommendations[0]?.text ?? '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            )}
            <section class="card" aria-labelledby="priorities-title">
              <h2 id="priorities-title">Deals to work on first</h2>
              <p class="muted">{insights.headline}</p>
              {insights.priorities.length === 0 ? (
                <p class="muted">No open deal to rank.</p>
              ) : (
                <ol>
                  {insights.priorities.map((deal) => (
                    <li key={deal.opportunityId}>
                      <a href={`/opportunity?id=${deal.opportunityId}`}>{deal.name}</a>{' '}
                      <span class="muted">
                        {money(deal.amount, insights.currency)} · {percent(deal.probability)} · expected{' '}
                        {money(deal.expectedValue, insights.currency)}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        )}
      </Loaded>
    </>
  );
}
