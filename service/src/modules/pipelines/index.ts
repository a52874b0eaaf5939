import type { CloserModule } from '../../core/module/module.js';

/** Pipelines: being built (issue 8). */
export const pipelinesModule: CloserModule = {
  name: 'pipelines',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
