import type { CloserModule } from '../../core/module/module.js';
import { taskRoutes } from './tasks.routes.js';

/** Tasks: due dates with reminders, assignees and watchers, dependencies, time, comments, recurrence. */
export const tasksModule: CloserModule = {
  name: 'tasks',
  routes: taskRoutes,
  matrix: async () => (await import('./tasks.matrix.js')).matrix,
};
