/**
 * The registry: every business domain of Closer, in one list. The router, the OpenAPI document, the
 * workers and the permission matrix are all built from it, so adding a domain is adding it here.
 */
import { registerEmailWorker } from './core/email/email.worker.js';
import { createMailer, mailerOptionsFromConfig } from './core/email/email.mailer.js';
import type { ApiRoute } from './core/http/api-route.js';
import { startEventDispatcher, type EventHandler } from './core/events/dispatcher.js';
import type { CloserModule, ModuleDeps, WorkerDeps } from './core/module/module.js';
import { apiKeysModule } from './modules/api-keys/index.js';
import { auditModule } from './modules/audit/index.js';
import { authModule } from './modules/auth/index.js';
import { invitationsModule } from './modules/invitations/index.js';
import { platformModule } from './modules/platform/index.js';
import { rolesModule } from './modules/roles/index.js';
import { teamsModule } from './modules/teams/index.js';
import { usersModule } from './modules/users/index.js';
import { customersModule } from './modules/customers/index.js';
import { contactsModule } from './modules/contacts/index.js';
import { customFieldsModule } from './modules/custom-fields/index.js';
import { pipelinesModule } from './modules/pipelines/index.js';
import { opportunitiesModule } from './modules/opportunities/index.js';
import { interactionsModule } from './modules/interactions/index.js';
import { documentsModule } from './modules/documents/index.js';
import { searchModule } from './modules/search/index.js';
import { tasksModule } from './modules/tasks/index.js';
import { goalsModule } from './modules/goals/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { realtimeModule } from './modules/realtime/index.js';
import { importsModule } from './modules/imports/index.js';
import { exportsModule } from './modules/exports/index.js';
import { predictionsModule } from './modules/predictions/index.js';
import { analyticsModule } from './modules/analytics/index.js';
import { assistantModule } from './modules/assistant/index.js';
import { integrationsModule } from './modules/integrations/index.js';
import type { Schedule } from './core/jobs/schedules.js';
import { purgeTrashSchedule, registerPurgeTrashWorker } from './use-cases/purge-trash.js';

export const MODULES: readonly CloserModule[] = [
  authModule,
  apiKeysModule,
  platformModule,
  rolesModule,
  teamsModule,
  usersModule,
  invitationsModule,
  auditModule,
  customersModule,
  contactsModule,
  customFieldsModule,
  pipelinesModule,
  opportunitiesModule,
  interactionsModule,
  documentsModule,
  searchModule,
  tasksModule,
  goalsModule,
  notificationsModule,
  realtimeModule,
  importsModule,
  exportsModule,
  predictionsModule,
  analyticsModule,
  assistantModule,
  integrationsModule,
];

/** Every schedule: ticks on scheduler processes (`main.ts`) that enqueue one job per time slot. */
export const SCHEDULES: readonly Schedule[] = [
  purgeTrashSchedule,
  ...MODULES.flatMap((module) => module.schedules ?? []),
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

/** Every module's domain event handlers. */
export function eventHandlers(deps: WorkerDeps): EventHandler[] {
  return MODULES.flatMap((module) => module.eventHandlers?.(deps) ?? []);
}

/**
 * Registers every job handler on this process's queue (a no-op unless it runs the worker role) and, on
 * a worker, starts delivering domain events to the modules' handlers.
 */
export async function startWorkers(deps: WorkerDeps, options: { extraHandlers?: EventHandler[] } = {}) {
  const mailer = createMailer(mailerOptionsFromConfig(deps.config, deps.logger));
  deps = { ...deps, mailer };
  await registerEmailWorker(deps.queue, mailer);
  await registerPurgeTrashWorker(deps);
  for (const module of MODULES) await module.workers?.(deps);
  const events = deps.config.roles.has('worker')
    ? startEventDispatcher({
        db: deps.db,
        logger: deps.logger,
        handlers: [...eventHandlers(deps), ...(options.extraHandlers ?? [])],
      })
    : undefined;
  return {
    /** Delivers every committed event now (tests). */
    drainEvents: () => events?.drain() ?? Promise.resolve(),
    async close() {
      await events?.close();
      await mailer.close();
    },
  };
}
