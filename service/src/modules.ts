/**
 * The registry: every business domain of Closer, in one list. The router, the OpenAPI document, the
 * workers and the permission matrix are all built from it, so adding a domain is adding it here.
 */
import { registerEmailWorker } from './core/email/email.worker.js';
import { createMailer, mailerOptionsFromConfig } from './core/email/email.mailer.js';
import type { ApiRoute } from './core/http/api-route.js';
import type { CloserModule, ModuleDeps, WorkerDeps } from './core/module/module.js';
import { apiKeysModule } from './modules/api-keys/index.js';
import { auditModule } from './modules/audit/index.js';
import { authModule } from './modules/auth/index.js';
import { invitationsModule } from './modules/invitations/index.js';
import { platformModule } from './modules/platform/index.js';
import { rolesModule } from './modules/roles/index.js';
import { teamsModule } from './modules/teams/index.js';
import { usersModule } from './modules/users/index.js';

export const MODULES: readonly CloserModule[] = [
  authModule,
  apiKeysModule,
  platformModule,
  rolesModule,
  teamsModule,
  usersModule,
  invitationsModule,
  auditModule,
];

/** Every `/api/v1` route: mounted by the app and described by the OpenAPI document. */
export function apiRoutes(deps: ModuleDeps): ApiRoute[] {
  return MODULES.flatMap((module) => module.routes(deps));
}

/**
 * The route list for describing the API (OpenAPI tests, tooling). Handlers close over their
 * dependencies and are never called here, so none are given.
 */
export function documentedRoutes(): ApiRoute[] {
  return apiRoutes({} as ModuleDeps);
}

/** Registers every job handler on this process's queue (a no-op unless it runs the worker role). */
export async function startWorkers(deps: WorkerDeps) {
  const mailer = createMailer(mailerOptionsFromConfig(deps.config, deps.logger));
  await registerEmailWorker(deps.queue, mailer);
  for (const module of MODULES) await module.workers?.(deps);
  return { close: () => mailer.close() };
}
