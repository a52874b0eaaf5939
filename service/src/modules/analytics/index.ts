import type { CloserModule } from '../../core/module/module.js';
import { analyticsRoutes } from './analytics.routes.js';

/** The figures behind the dashboard's analytics and team pages, over a date range and a team or member. */
export const analyticsModule: CloserModule = {
  name: 'analytics',
  routes: analyticsRoutes,
  matrix: async () => (await import('./analytics.matrix.js')).matrix,
};
