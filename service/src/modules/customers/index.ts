import type { CloserModule } from '../../core/module/module.js';
import { customerRoutes } from './customers.routes.js';

/** Customers (companies): who the organization sells to. */
export const customersModule: CloserModule = {
  name: 'customers',
  routes: customerRoutes,
  matrix: async () => (await import('./customers.matrix.js')).matrix,
};
