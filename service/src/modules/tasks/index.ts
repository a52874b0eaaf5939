import type { CloserModule } from '../../core/module/module.js';
import {
  interactionRemindersSchedule,
  registerInteractionRemindersWorker,
} from '../../use-cases/task-interaction-reminders.js';
import { recurringTasksSchedule, registerRecurringTasksWorker } from '../../use-cases/task-recurrence.js';
import { registerTaskRemindersWorker, taskRemindersSchedule } from '../../use-cases/task-reminders.js';
import { taskRoutes } from './tasks.routes.js';

/** Tasks: due dates with reminders, assignees and watchers, dependencies, time, comments, recurrence. */
export const tasksModule: CloserModule = {
  name: 'tasks',
  routes: taskRoutes,
  schedules: [taskRemindersSchedule, recurringTasksSchedule, interactionRemindersSchedule],
  async workers(deps) {
    await registerTaskRemindersWorker(deps);
    await registerRecurringTasksWorker(deps);
    await registerInteractionRemindersWorker(deps);
  },
  matrix: async () => (await import('./tasks.matrix.js')).matrix,
};
