import type { CloserModule } from '../../core/module/module.js';
import { teamRoutes } from './teams.routes.js';

/** Teams and who manages them: the record scope of managers. */
export const teamsModule: CloserModule = {
  name: 'teams',
  routes: teamRoutes,
  matrix: async () => (await import('./teams.matrix.js')).matrix,
};
