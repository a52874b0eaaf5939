import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from './core/config/config.js';
import type { Database } from './core/db/database.js';
import { healthRoutes } from './core/http/health.routes.js';
import { mountRoutes } from './core/http/api-route.js';
import { clientAddressMiddleware } from './core/http/client-address.js';
import { createMetrics } from './core/http/metrics.js';
import { openApiRouter } from './core/http/openapi.routes.js';
import { problemMiddleware } from './core/http/problem.js';
import { requestContextMiddleware } from './core/http/request-id.js';
import { securityHeaders } from './core/http/security-headers.js';
import { siteMiddleware } from './core/http/site.js';
import type { JobQueue } from './core/jobs/job-queue.js';
import type { Logger } from './core/logger.js';
import { createGuards } from './core/auth/auth.guard.js';
import { createCallerResolver, type CallerResolver } from './core/auth/callers.js';
import { createSignInLimiter, type SignInLimiter } from './core/auth/rate-limit.js';
import { apiRoutes } from './modules.js';
import { createRealtimeGateway, type RealtimeGateway } from './modules/realtime/realtime.gateway.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  queue: JobQueue;
  /** Sign-in throttles; tests pass looser ones. */
  signInLimiter?: SignInLimiter;
  /** Routers mounted by the composition root (bots) or by benchmarks, after the core routes. */
  extraRouters?: Router[];
  /** The dashboard's built files; default site/dist (`core/http/site.ts`). */
  siteDirectory?: string;
}

export interface App {
  koa: Koa;
  /** Resolves credentials to callers (cached, invalidated across instances); commands may forget one. */
  callers: CallerResolver;
  /** WebSockets at `/ws`, served once `listen` attaches it to the HTTP server (API processes). */
  realtime: RealtimeGateway;
  /** Marks the app as shutting down: /readyz answers 503 so load balancers stop sending traffic. */
  beginDraining(): void;
  /** Stops listening for access changes and writes pending last-seen marks; the server is the caller's. */
  close(): Promise<void>;
}

export const API_VERSION = '0.1.0';

/** Builds the HTTP application; starting and stopping the server is the caller's job. */
export async function createApp(deps: AppDependencies): Promise<App> {
  let draining = false;
  // Koa's own proxy support would believe any client's X-Forwarded-For; clientAddressMiddleware reads it
  // under TRUST_PROXY instead, and PUBLIC_URL (not X-Forwarded-Proto) says whether cookies are Secure.
  const koa = new Koa();
  // Errors are answered by problemMiddleware and logged there; Koa's default stderr printing is noise.
  koa.silent = true;
  const metrics = createMetrics({ db: deps.db, queueDepth: () => deps.queue.depth() });
  metrics.startSampling();

  const core = new Router();
  core.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  const callers = await createCallerResolver({
    db: deps.db,
    logger: deps.logger,
    sessionIdleMinutes: deps.config.sessionIdleMinutes,
  });
  const moduleDeps = {
    callers,
    db: deps.db,
    config: deps.config,
    queue: deps.queue,
    signInLimiter: deps.signInLimiter ?? createSignInLimiter({ db: deps.db }),
    metrics,
  };
  const routes = apiRoutes(moduleDeps);
  const api = new Router();
  mountRoutes(api, routes, { guards: createGuards(callers), db: deps.db });

  koa.use(clientAddressMiddleware(deps.config.trustProxy));
  koa.use(requestContextMiddleware(deps.logger));
  koa.use(metrics.middleware());
  koa.use(problemMiddleware(deps.logger));
  koa.use(securityHeaders());
  koa.use(siteMiddleware(deps.siteDirectory));
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: deps.config.bodyLimitBytes, encoding: 'utf-8' }));

  const routers = [
    core,
    healthRoutes({ db: deps.db, queue: deps.queue, isDraining: () => draining }),
    api,
    openApiRouter(() => routes, { version: API_VERSION, serverUrl: deps.config.publicUrl }),
    ...(deps.extraRouters ?? []),
  ];
  for (const router of routers) {
    koa.use(router.routes());
    koa.use(router.allowedMethods());
  }

  return {
    koa,
    callers,
    realtime: createRealtimeGateway({
      db: deps.db,
      logger: deps.logger,
      callers,
      publicUrl: deps.config.publicUrl,
    }),
    beginDraining() {
      draining = true;
    },
    close: () => {
      metrics.stopSampling();
      return callers.close();
    },
  };
}
