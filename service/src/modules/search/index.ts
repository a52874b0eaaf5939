import type { CloserModule } from '../../core/module/module.js';
import { searchRoutes } from './search.routes.js';

/** Finding customers, contacts and deals by name, for people and for the assistant. */
export const searchModule: CloserModule = {
  name: 'search',
  routes: searchRoutes,
  matrix: async () => (await import('./search.matrix.js')).matrix,
};
