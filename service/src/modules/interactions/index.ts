import type { CloserModule } from '../../core/module/module.js';
import { interactionRoutes } from './interactions.routes.js';

/** Calls, meetings, emails, demos, notes and messages with customers, and how they went. */
export const interactionsModule: CloserModule = {
  name: 'interactions',
  routes: interactionRoutes,
  matrix: async () => (await import('./interactions.matrix.js')).matrix,
};
