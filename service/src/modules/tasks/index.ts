import type { CloserModule } from '../../core/module/module.js';

// Placeholder registered ahead of the module's routes (issue 9); the module's own files replace it.
export const tasksModule: CloserModule = {
  name: 'tasks',
  routes: () => [],
  matrix: async () => ({ routes: [] }),
};
