/**
 * The revenue forecast by period: committed (won), expected, and the 10th-90th percentile band of the
 * simulation, as a chart with its table view and CSV (the dashboard and the forecast page show it).
 */
import { api, unwrap, type Schemas } from '../lib/api';
import { money } from '../lib/format';
import { ChartCard } from './charts/ChartCard';
import type { ChartData } from './charts/chart-data';
import { periodLabel } from './analytics/series';
import { Loaded, useAsync } from './ui';

type Forecast = Schemas['Forecast'];

export function forecastData(forecast: Forecast, period: 'month' | 'quarter'): ChartData {
  const values = (key: 'committed' | 'expected' | 'p10' | 'p50' | 'p90') =>
    forecast.periods.map((entry) => entry[key]);
  return {
    categories: forecast.periods.map((entry) => periodLabel(entry.start.slice(0, 10), period)),
    series: [
      { label: 'Committed', values: values('committed'), color: '--good' },
      { label: 'Expected', values: values('expected') },
      { label: 'P90', values: values('p90'), color: '--muted', style: 'dashed' },
      { label: 'P50', values: values('p50'), style: 'table-only' },
      { label: 'P10', values: values('p10'), color: '--muted', style: 'dashed' },
    ],
    band: [2, 4],
    format: (value) => money(value, forecast.currency, true),
  };
}

export default function ForecastChart({
  period = 'month',
  teamId,
}: {
  period?: 'month' | 'quarter';
  teamId?: string | undefined;
}) {
  const state = useAsync(
    () => unwrap(api.GET('/api/v1/forecast', { params: { query: { period, ...(teamId && { teamId }) } } })),
    [period, teamId],
  );
  return (
    <Loaded state={state}>
      {(forecast) => (
        <ChartCard
          id="forecast"
          title="Revenue forecast"
          kind="lines"
          data={forecastData(forecast, period)}
          summary={
            <>
              {forecast.openDeals} open deals, {forecast.simulations.toLocaleString()} simulations (
              {forecast.method}): expected {money(forecast.total.expected, forecast.currency)}, between{' '}
              {money(forecast.total.p10, forecast.currency)} (P10) and{' '}
              {money(forecast.total.p90, forecast.currency)} (P90) in eight of ten outcomes.
            </>
          }
        />
      )}
    </Loaded>
  );
}
