import type { Context, Next } from 'koa';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';

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

  return {
    registry,
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
