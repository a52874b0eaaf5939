import type { CloserModule } from '../../core/module/module.js';
import { pipelineRoutes } from './pipelines.routes.js';

/** Pipelines and their stages: the steps deals move through. */
export const pipelinesModule: CloserModule = {
  name: 'pipelines',
  routes: pipelineRoutes,
  matrix: async () => (await import('./pipelines.matrix.js')).matrix,
};
