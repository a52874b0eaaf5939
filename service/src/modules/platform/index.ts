import type { CloserModule } from '../../core/module/module.js';
import { platformRoutes } from './platform.routes.js';

/** Organizations and support staff, for platform staff. */
export const platformModule: CloserModule = {
  name: 'platform',
  routes: platformRoutes,
  matrix: async () => (await import('./platform.matrix.js')).matrix,
};
