import type { CloserModule } from '../../core/module/module.js';
import { customFieldRoutes } from './custom-fields.routes.js';

/** Fields an organization adds to its customers, contacts, opportunities and interactions. */
export const customFieldsModule: CloserModule = {
  name: 'custom-fields',
  routes: customFieldRoutes,
  matrix: async () => (await import('./custom-fields.matrix.js')).matrix,
};
