import type { CloserModule } from '../../core/module/module.js';
import { userRoutes } from './users.routes.js';

/** The members of an organization, their roles, teams and status. */
export const usersModule: CloserModule = {
  name: 'users',
  routes: userRoutes,
  matrix: async () => (await import('./users.matrix.js')).matrix,
};
