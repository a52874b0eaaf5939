import type { CloserModule } from '../../core/module/module.js';
import { roleRoutes } from './roles.routes.js';

/** Roles as sets of the specification's permissions. */
export const rolesModule: CloserModule = {
  name: 'roles',
  routes: roleRoutes,
  matrix: async () => (await import('./roles.matrix.js')).matrix,
};
