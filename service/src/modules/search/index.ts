import type { CloserModule } from '../../core/module/module.js';

/** Search: being built (issue 8). */
export const searchModule: CloserModule = {
  name: 'search',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
