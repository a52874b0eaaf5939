/**
 * The revenue forecast by month: committed (won), expected, and the 10th-90th percentile band of the
 * simulation. Drawn with uPlot (about 20 KB gzipped, canvas, fast with thousands of points), loaded only
 * when the chart scrolls near, so the dashboard's first paint does not wait for it. The figures are
 * also a table for screen readers and for anyone who prefers numbers.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../lib/api';
import { money } from '../lib/format';
import { Loaded, useAsync } from './ui';

type Forecast = Schemas['Forecast'];

const monthName = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit' });

function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

async function draw(target: HTMLElement, forecast: Forecast): Promise<() => void> {
  const [{ default: UPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
  const x = forecast.periods.map((period) => Date.parse(period.start) / 1000);
  const series = (key: 'committed' | 'expected' | 'p10' | 'p90') =>
    forecast.periods.map((period) => period[key]);
  const accent = cssVariable('--accent');
  const text = cssVariable('--muted');
  const axis = {
    stroke: text,
    grid: { stroke: cssVariable('--line') },
    ticks: { stroke: cssVariable('--line') },
  };
  const chart = new UPlot(
    {
      width: target.clientWidth,
      height: 240,
      series: [
        {},
        { label: 'Committed', stroke: cssVariable('--good'), width: 2 },
        { label: 'Expected', stroke: accent, width: 2 },
        { label: 'P10', stroke: text, dash: [4, 4] },
        { label: 'P90', stroke: text, dash: [4, 4] },
      ],
      bands: [{ series: [4, 3], fill: `${accent}22` }],
      axes: [
        { ...axis, values: (_chart, ticks) => ticks.map((tick) => monthName.format(new Date(tick * 1000))) },
        {
          ...axis,
          values: (_chart, ticks) => ticks.map((tick) => money(tick, forecast.currency, true)),
          size: 70,
        },
      ],
      scales: { x: { time: true } },
    },
    [x, series('committed'), series('expected'), series('p10'), series('p90')],
    target,
  );
  const resize = () => chart.setSize({ width: target.clientWidth, height: 240 });
  addEventListener('resize', resize);
  return () => {
    removeEventListener('resize', resize);
    chart.destroy();
  };
}

function Chart({ forecast }: { forecast: Forecast }) {
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!element || forecast.periods.length === 0) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      draw(element, forecast).then(
        (destroy) => (cancelled ? destroy() : (stop = destroy)),
        () => setFailed(true),
      );
    });
    observer.observe(element);
    return () => {
      cancelled = true;
      observer.disconnect();
      stop?.();
    };
  }, [forecast]);
  return (
    <>
      <div ref={target} class="chart" aria-hidden="true" />
      {failed && <p class="muted">The chart could not be drawn; the figures are below.</p>}
    </>
  );
}

export default function ForecastChart() {
  const state = useAsync(() =>
    unwrap(api.GET('/api/v1/forecast', { params: { query: { period: 'month' } } })),
  );
  return (
    <section class="card" aria-labelledby="forecast-title" style={{ marginTop: '1rem' }}>
      <h2 id="forecast-title">Revenue forecast</h2>
      <Loaded state={state}>
        {(forecast) => (
          <>
            <p class="muted">
              {forecast.openDeals} open deals, {forecast.simulations.toLocaleString()} simulations (
              {forecast.method}
              ): expected {money(forecast.total.expected, forecast.currency)}, between{' '}
              {money(forecast.total.p10, forecast.currency)} and{' '}
              {money(forecast.total.p90, forecast.currency)} in eight of ten outcomes.
            </p>
            <Chart forecast={forecast} />
            <details>
              <summary>Figures by month</summary>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col">Committed</th>
                      <th scope="col">Expected</th>
                      <th scope="col">P10</th>
                      <th scope="col">P90</th>
                    </tr>
                  </thead>
                  <tbody>
                    {forecast.periods.map((period) => (
                      <tr key={period.start}>
                        <th scope="row">{monthName.format(new Date(period.start))}</th>
                        <td>{money(period.committed, forecast.currency)}</td>
                        <td>{money(period.expected, forecast.currency)}</td>
                        <td>{money(period.p10, forecast.currency)}</td>
                        <td>{money(period.p90, forecast.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </Loaded>
    </section>
  );
}
