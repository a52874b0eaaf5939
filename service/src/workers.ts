import type { Config } from './core/config/config.js';
import type { JobQueue } from './core/jobs/job-queue.js';
import type { Logger } from './core/logger.js';
import { createMailer, mailerOptionsFromConfig } from './core/email/email.mailer.js';
import { registerEmailWorker } from './core/email/email.worker.js';

/** Registers every job handler on this process's queue (a no-op unless it runs the worker role). */
export async function startWorkers(deps: { config: Config; logger: Logger; queue: JobQueue }) {
  const mailer = createMailer(mailerOptionsFromConfig(deps.config, deps.logger));
  await registerEmailWorker(deps.queue, mailer);
  return { close: () => mailer.close() };
}
