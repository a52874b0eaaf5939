import type { CloserModule } from '../../core/module/module.js';
import { routes } from './opportunities.routes.js';

/** Deals: their stages, amounts and owners, the history of each change, and pipeline totals. */
export const opportunitiesModule: CloserModule = {
  name: 'opportunities',
  routes,
  matrix: async () => (await import('./opportunities.matrix.js')).matrix,
};
