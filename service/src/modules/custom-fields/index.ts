import type { CloserModule } from '../../core/module/module.js';

/** CustomFields: being built (issue 8). */
export const customFieldsModule: CloserModule = {
  name: 'custom-fields',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
