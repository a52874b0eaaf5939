import type { CloserModule } from '../../core/module/module.js';
import { apiKeyRoutes } from './api-keys.routes.js';

/** Machine credentials bound to one organization. */
export const apiKeysModule: CloserModule = {
  name: 'api-keys',
  routes: apiKeyRoutes,
  matrix: async () => (await import('./api-keys.matrix.js')).matrix,
};
