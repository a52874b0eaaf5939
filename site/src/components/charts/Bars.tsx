/**
 * Horizontal bars for categories (stages, people, types): plain HTML, so names wrap, nothing loads and a
 * phone shows them as well as a desktop. The first drawn series sets the bar; the others read beside it.
 */
import type { ChartData } from './chart-data';

export function Bars({ data }: { data: ChartData }) {
  const [main, ...rest] = data.series.filter((series) => series.style !== 'table-only');
  if (!main) return null;
  const max = Math.max(0, ...main.values.map((value) => value ?? 0));
  return (
    <ul class="bars" aria-hidden="true">
      {data.categories.map((category, index) => {
        const value = main.values[index] ?? 0;
        return (
          <li key={category}>
            <span class="bar-label">{category}</span>
            <span class="bar-track">
              <span
                class="bar-fill"
                style={{
                  width: `${max > 0 ? (100 * value) / max : 0}%`,
                  background: `var(${main.color ?? '--accent'})`,
                }}
              />
            </span>
            <span class="bar-value">
              {data.format(value)}
              {rest.map((series) => {
                const other = series.values[index];
                return other === null || other === undefined ? null : (
                  <span key={series.label} class="muted">
                    {' '}
                    · {series.label.toLowerCase()} {data.format(other)}
                  </span>
                );
              })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
