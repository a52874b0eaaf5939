import type { CloserModule } from '../../core/module/module.js';

/** Exports: under construction (issue 13). */
export const exportsModule: CloserModule = {
  name: 'exports',
  routes: () => [],
  matrix: async () => ({ routes: [] }),
};
