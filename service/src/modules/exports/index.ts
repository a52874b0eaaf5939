import type { CloserModule } from '../../core/module/module.js';
import { expireExportsSchedule, registerExportWorkers } from './export-job.js';
import { exportRoutes } from './exports.routes.js';

/** Exports: a list the caller can see, as CSV, XLSX or PDF, written by a job; files expire. */
export const exportsModule: CloserModule = {
  name: 'exports',
  routes: exportRoutes,
  workers: registerExportWorkers,
  schedules: [expireExportsSchedule],
  matrix: async () => (await import('./exports.matrix.js')).matrix,
};
