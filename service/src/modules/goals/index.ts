import type { CloserModule } from '../../core/module/module.js';
import { goalRolloverSchedule, registerGoalRolloverWorker } from '../../use-cases/goal-rollover.js';
import { goalProgressHandler } from './goal-milestones.js';
import { goalRoutes } from './goals.routes.js';

/** Goals and KPIs: targets per person or team and period, progress computed from the records. */
export const goalsModule: CloserModule = {
  name: 'goals',
  routes: goalRoutes,
  workers: registerGoalRolloverWorker,
  schedules: [goalRolloverSchedule],
  eventHandlers: () => [goalProgressHandler()],
  matrix: async () => (await import('./goals.matrix.js')).matrix,
};
