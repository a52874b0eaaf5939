import type { Context, Next } from 'koa';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';

/** Requests served in one sampling interval of this process: rate, latency and server errors. */
export interface RequestSample {
  at: string;
  requests: number;
  perSecond: number;
  meanMs: number | null;
  p95Ms: number | null;
  serverErrors: number;
}

interface Cumulative {
  at: number;
  count: number;
  sum: number;
  errors: number;
  buckets: Map<number, number>;
}

/** Samples kept: an hour at one every 15 seconds. */
const HISTORY = 240;
const SAMPLE_MS = 15_000;

/** The upper bound of the bucket holding the q-th quantile of the requests counted in `buckets`. */
function quantileMs(buckets: [number, number][], total: number, q: number): number | null {
  if (total <= 0) return null;
  const bound = buckets.find(([, count]) => count >= q * total)?.[0];
  return bound === undefined || !Number.isFinite(bound) ? null : bound * 1000;
}

export interface MetricsSources {
  db: Database;
  /** Jobs waiting per queue; absent when this process runs no queue. */
  queueDepth?: () => Promise<Record<string, number>>;
}

/** One registry per app instance, so several apps in one test process do not collide. */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = sources.db.poolStats();
      this.set({ state: 'in_use' }, stats.total - stats.idle);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'job_queue_depth',
    help: 'Jobs waiting to run, by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      if (!sources.queueDepth) return;
      for (const [queue, depth] of Object.entries(await sources.queueDepth())) this.set({ queue }, depth);
    },
  });

  async function cumulative(): Promise<Cumulative> {
    const totals: Cumulative = { at: Date.now(), count: 0, sum: 0, errors: 0, buckets: new Map() };
    for (const value of (await requestDuration.get()).values) {
      const name = (value as { metricName?: string }).metricName ?? '';
      if (name.endsWith('_count')) {
        totals.count += value.value;
        if (String(value.labels.status).startsWith('5')) totals.errors += value.value;
      } else if (name.endsWith('_sum')) totals.sum += value.value;
      else if (name.endsWith('_bucket')) {
        const le = Number((value.labels as Record<string, string | number>).le);
        totals.buckets.set(le, (totals.buckets.get(le) ?? 0) + value.value);
      }
    }
    return totals;
  }

  const history: RequestSample[] = [];
  let last: Cumulative | undefined;
  /** What was served between two cumulative readings. */
  function between(before: Cumulative, now: Cumulative): RequestSample {
    const requests = now.count - before.count;
    const buckets = [...now.buckets]
      .sort(([a], [b]) => a - b)
      .map(([le, count]): [number, number] => [le, count - (before.buckets.get(le) ?? 0)]);
    return {
      at: new Date(now.at).toISOString(),
      requests,
      perSecond: Math.round((100 * requests * 1000) / Math.max(1, now.at - before.at)) / 100,
      meanMs: requests > 0 ? Math.round((100 * 1000 * (now.sum - before.sum)) / requests) / 100 : null,
      p95Ms: quantileMs(buckets, requests, 0.95),
      serverErrors: now.errors - before.errors,
    };
  }
  async function sample(): Promise<void> {
    const now = await cumulative();
    if (last) history.push(between(last, now));
    if (history.length > HISTORY) history.shift();
    last = now;
  }
  let timer: ReturnType<typeof setInterval> | undefined;

  return {
    registry,
    /** Samples requests every 15 s (timer unref'd: it never keeps a process alive). */
    startSampling(intervalMs = SAMPLE_MS) {
      if (timer) return;
      const take = () => void sample().catch(() => undefined);
      take();
      timer = setInterval(take, intervalMs);
      timer.unref();
    },
    stopSampling() {
      clearInterval(timer);
      timer = undefined;
    },
    /** This process's requests over the last hour, oldest first; the last entry is the one running now. */
    async requestHistory(): Promise<RequestSample[]> {
      const now = await cumulative();
      return last ? [...history, between(last, now)] : [...history];
    },
    /** Times every request under its route template (not the raw path, which would explode cardinality). */
    middleware() {
      return async function measure(ctx: Context, next: Next): Promise<void> {
        const end = requestDuration.startTimer();
        try {
          await next();
        } finally {
          const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
          end({ method: ctx.method, route: String(route), status: String(ctx.status) });
        }
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
