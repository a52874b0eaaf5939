import type { CloserModule } from '../../core/module/module.js';

/** Contacts: being built (issue 8). */
export const contactsModule: CloserModule = {
  name: 'contacts',
  routes: () => [],
  matrix: () => Promise.resolve({ routes: [] }),
};
