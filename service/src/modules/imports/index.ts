import type { CloserModule } from '../../core/module/module.js';

/** Imports: under construction (issue 13). */
export const importsModule: CloserModule = {
  name: 'imports',
  routes: () => [],
  matrix: async () => ({ routes: [] }),
};
