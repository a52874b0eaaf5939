/**
 * A chart in a card, with what every chart of the dashboard offers: a table view of the same figures
 * (for screen readers and for anyone who prefers numbers) and a CSV export of what it shows.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { downloadFile, toCsv } from '../../lib/csv';
import { Bars } from './Bars';
import type { ChartData } from './chart-data';
import { LineChart } from './LineChart';

export function ChartTable({ data, caption }: { data: ChartData; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption}</th>
            {data.series.map((series) => (
              <th scope="col" key={series.label}>
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((category, index) => (
            <tr key={category}>
              <th scope="row">{category}</th>
              {data.series.map((series) => {
                const value = series.values[index];
                return (
                  <td key={series.label}>
                    {value === null || value === undefined ? '—' : data.format(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChartCard({
  id,
  title,
  kind,
  data,
  summary,
  categoryLabel = 'Period',
  fileName,
  children,
}: {
  id: string;
  title: string;
  kind: 'lines' | 'bars';
  data: ChartData;
  /** One sentence of what the chart says, read before it. */
  summary?: ComponentChildren;
  categoryLabel?: string;
  /** The CSV's name without extension (default: the id). */
  fileName?: string;
  children?: ComponentChildren;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const empty =
    data.categories.length === 0 || data.series.every((series) => series.values.every((v) => v === null));
  const exportCsv = () =>
    downloadFile(
      `${fileName ?? id}.csv`,
      toCsv(
        [categoryLabel, ...data.series.map((series) => series.label)],
        data.categories.map((category, index) => [
          category,
          ...data.series.map((series) => series.values[index]),
        ]),
      ),
    );
  return (
    <section class="card chart-card" aria-labelledby={`${id}-title`} data-chart={id}>
      <div class="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div class="chart-tools" role="group" aria-label={`${title}: view`}>
          <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
            Chart
          </button>
          <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
            Table
          </button>
          <button type="button" onClick={exportCsv} aria-label={`Download ${title} as CSV`}>
            CSV
          </button>
        </div>
      </div>
      {summary && <p class="muted">{summary}</p>}
      {empty ? (
        <p class="muted">Nothing to show for this range yet.</p>
      ) : view === 'table' ? (
        <ChartTable data={data} caption={categoryLabel} />
      ) : kind === 'bars' ? (
        <Bars data={data} />
      ) : (
        <LineChart data={data} />
      )}
      {children}
    </section>
  );
}
