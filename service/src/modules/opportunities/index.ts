import type { CloserModule } from '../../core/module/module.js';

/** Opportunities: being built (issue 8). */
export const opportunitiesModule: CloserModule = {
  name: 'opportunities',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
