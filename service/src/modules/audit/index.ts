import type { CloserModule } from '../../core/module/module.js';
import { auditRoutes } from './audit.routes.js';

/** Reading the audit log (writing it is core: every command does). */
export const auditModule: CloserModule = {
  name: 'audit',
  routes: auditRoutes,
  matrix: async () => (await import('./audit.matrix.js')).matrix,
};
