import type { Config } from '../config/config.js';
import type { Database, Tx } from '../db/database.js';
import type { Actor, TenantActor } from '../identity/actor.js';
import type { ApiRoute } from '../http/api-route.js';
import type { Metrics } from '../http/metrics.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../email/email.mailer.js';
import type { CallerResolver } from '../auth/callers.js';
import type { EventHandler } from '../events/dispatcher.js';
import type { SignInLimiter } from '../auth/rate-limit.js';
import type { ModuleMatrix } from '../../matrix/matrix.js';
import type { Schedule } from '../jobs/schedules.js';

/** What a command may use besides its transaction: enqueueing jobs (emails) and links to Closer. */
export interface Services {
  queue: JobQueue;
  config: Config;
  /** Commands that end someone's access forget their cached caller here (other instances hear NOTIFY). */
  callers: Pick<CallerResolver, 'forget'>;
}

/** What every command receives: who acts, and the unit of work it runs in (never its own). */
export interface CommandInput<A extends Actor = TenantActor> {
  actor: A;
  tx: Tx;
}

/** What a module's routes and workers are built with. */
export interface ModuleDeps extends Services {
  db: Database;
  signInLimiter: SignInLimiter;
  /** This process's request figures, for the platform's health page (absent where none are kept). */
  metrics?: Pick<Metrics, 'requestHistory'>;
}

/** What a module's job handlers are built with. */
export interface WorkerDeps extends Omit<Services, 'callers'> {
  db: Database;
  logger: Logger;
  /** The worker's pooled mailer (`startWorkers` sets it and closes it at shutdown). */
  mailer?: Mailer;
}

/**
 * A business domain as the registry sees it (`service/src/modules.ts`): adding a domain is adding its
 * descriptor to that one list, which builds the router, the OpenAPI document, the workers and the
 * permission matrix.
 */
export interface CloserModule {
  name: string;
  routes(deps: ModuleDeps): ApiRoute[];
  /** Registers the module's job handlers on a worker process. */
  workers?(deps: WorkerDeps): Promise<void>;
  /** Its schedules: ticks on scheduler processes, each enqueueing one job per time slot. */
  schedules?: readonly Schedule[];
  /** Its reactions to domain events, delivered by the dispatcher on worker processes. */
  eventHandlers?(deps: WorkerDeps): EventHandler[];
  /** Its rows of the permission matrix and its tenant-isolation probes; loaded by tests only. */
  matrix(): Promise<ModuleMatrix>;
}
