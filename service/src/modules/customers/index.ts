import type { CloserModule } from '../../core/module/module.js';

/** Customers: being built (issue 8). */
export const customersModule: CloserModule = {
  name: 'customers',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
