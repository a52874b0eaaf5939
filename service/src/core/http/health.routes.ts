import Router from '@koa/router';
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { JobQueue } from '../jobs/job-queue.js';

export interface HealthSources {
  db: Database;
  queue?: JobQueue | undefined;
  isDraining: () => boolean;
}

type CheckResult = { name: string; problem?: string };

async function check(name: string, probe: () => Promise<string | undefined>): Promise<CheckResult> {
  try {
    const problem = await probe();
    return problem ? { name, problem } : { name };
  } catch (error) {
    return { name, problem: error instanceof Error ? error.message : 'failed' };
  }
}

/** `/healthz`: the process answers. `/readyz`: it can do useful work (database, migrations, job queue). */
export function healthRoutes(sources: HealthSources): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const results = await Promise.all([
      check('database', async () => {
        await sources.db.ping();
        return undefined;
      }),
      check('migrations', async () => {
        const pending = await sources.db.pendingMigrations();
        return pending > 0 ? `${pending} migration(s) not applied` : undefined;
      }),
      check('jobQueue', () =>
        Promise.resolve(sources.queue && !sources.queue.isStarted() ? 'job queue not started' : undefined),
      ),
      check('lifecycle', () => Promise.resolve(sources.isDraining() ? 'shutting down' : undefined)),
    ]);
    const failed = results.filter((result) => result.problem);
    if (failed.length > 0) {
      throw new AppError('service_unavailable', {
        message: `Not ready: ${failed.map((result) => `${result.name} (${result.problem})`).join(', ')}`,
        errors: failed.map((result) => ({ path: result.name, message: result.problem! })),
      });
    }
    ctx.body = { status: 'ready', checks: Object.fromEntries(results.map((result) => [result.name, 'ok'])) };
  });
  return router;
}
