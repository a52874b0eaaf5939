import type { CloserModule } from '../../core/module/module.js';
import { documentRoutes } from './documents.routes.js';

/** Files attached to customers, contacts, deals and interactions, with their versions. */
export const documentsModule: CloserModule = {
  name: 'documents',
  routes: documentRoutes,
  matrix: async () => (await import('./documents.matrix.js')).matrix,
};
