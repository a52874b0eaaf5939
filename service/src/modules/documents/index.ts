import type { CloserModule } from '../../core/module/module.js';

/** Documents: being built (issue 8). */
export const documentsModule: CloserModule = {
  name: 'documents',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
