import type { CloserModule } from '../../core/module/module.js';
import { authRoutes } from './auth.routes.js';

/** Signing in and out, sessions, switching organizations, passwords. */
export const authModule: CloserModule = {
  name: 'auth',
  routes: (deps) => authRoutes(deps, deps.signInLimiter),
  matrix: async () => (await import('./auth.matrix.js')).matrix,
};
