/**
 * Lines over periods, drawn with uPlot (about 20 KB gzipped, canvas, fast on thousands of points) loaded
 * when the chart scrolls near, so a page's first paint does not wait for it. Decorative for assistive
 * technology: the card's table view carries the same figures.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartData } from './chart-data';

const cssVariable = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();

async function draw(target: HTMLElement, data: ChartData, height: number): Promise<() => void> {
  const [{ default: UPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
  const shown = data.series.filter((series) => series.style !== 'table-only');
  const muted = cssVariable('--muted');
  const axis = {
    stroke: muted,
    grid: { stroke: cssVariable('--line') },
    ticks: { stroke: cssVariable('--line') },
  };
  // Categories sit at 0, 1, 2...: each tick is one of them, whatever their spacing in time.
  const x = data.categories.map((_, index) => index);
  const label = (tick: number) => (Number.isInteger(tick) ? (data.categories[tick] ?? '') : '');
  const band = data.band?.map((index) => shown.indexOf(data.series[index]!) + 1);
  const chart = new UPlot(
    {
      width: target.clientWidth,
      height,
      series: [
        {
          label: 'Period',
          value: (_chart: unknown, tick: number | null) => (tick === null ? '' : label(tick)),
        },
        ...shown.map((series) => ({
          label: series.label,
          stroke: cssVariable(series.color ?? '--accent'),
          width: series.style === 'dashed' ? 1 : 2,
          ...(series.style === 'dashed' && { dash: [4, 4] }),
          spanGaps: true,
          value: (_chart: unknown, value: number | null) => (value === null ? '—' : data.format(value)),
        })),
      ],
      ...(band &&
        band.every((index) => index > 0) && {
          bands: [{ series: band as [number, number], fill: `${cssVariable('--accent')}22` }],
        }),
      axes: [
        { ...axis, values: (_chart, ticks) => ticks.map(label), incrs: [1, 2, 3, 4, 6, 12, 24], space: 48 },
        { ...axis, values: (_chart, ticks) => ticks.map((tick) => data.format(tick)), size: 70 },
      ],
      scales: { x: { time: false } },
    },
    [x, ...shown.map((series) => series.values)],
    target,
  );
  const resize = () => chart.setSize({ width: target.clientWidth, height });
  addEventListener('resize', resize);
  return () => {
    removeEventListener('resize', resize);
    chart.destroy();
  };
}

export function LineChart({ data, height = 240 }: { data: ChartData; height?: number }) {
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!element || data.categories.length === 0) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      draw(element, data, height).then(
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
  }, [data, height]);
  return (
    <>
      <div ref={target} class="chart" aria-hidden="true" />
      {failed && <p class="muted">The chart could not be drawn; the table view has the figures.</p>}
    </>
  );
}
