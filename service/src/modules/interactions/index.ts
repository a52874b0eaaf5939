import type { CloserModule } from '../../core/module/module.js';

/** Interactions: being built (issue 8). */
export const interactionsModule: CloserModule = {
  name: 'interactions',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
