import type { CloserModule } from '../../core/module/module.js';
import { contactRoutes } from './contacts.routes.js';

/** People at customers, with their role at each, and merging duplicates. */
export const contactsModule: CloserModule = {
  name: 'contacts',
  routes: contactRoutes,
  matrix: async () => (await import('./contacts.matrix.js')).matrix,
};
