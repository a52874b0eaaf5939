import type { CloserModule } from '../../core/module/module.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { sendPasswordReset, type PasswordResetJob } from './auth.commands.js';
import { authRoutes } from './auth.routes.js';

/** Signing in and out, sessions, switching organizations, passwords. */
export const authModule: CloserModule = {
  name: 'auth',
  routes: (deps) => authRoutes(deps, deps.signInLimiter),
  workers: (deps) =>
    deps.queue.work<PasswordResetJob>(QUEUES.passwordReset, (job) => sendPasswordReset(deps, job)),
  matrix: async () => (await import('./auth.matrix.js')).matrix,
};
