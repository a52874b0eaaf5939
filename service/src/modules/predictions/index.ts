import type { CloserModule } from '../../core/module/module.js';
import {
  nightlyTrainingSchedule,
  predictionScoringHandler,
  registerPredictionWorkers,
} from './prediction-jobs.js';
import { predictionRoutes } from './predictions.routes.js';

/**
 * The predictive engine: every open deal's success probability with its reasons and next best actions,
 * scored from the first deal (a global prior), by the organization's own model once it has enough
 * closed deals, and per customer once a customer has enough history; trained nightly and on demand.
 */
export const predictionsModule: CloserModule = {
  name: 'predictions',
  routes: predictionRoutes,
  workers: registerPredictionWorkers,
  schedules: [nightlyTrainingSchedule],
  eventHandlers: (deps) => [predictionScoringHandler(deps)],
  matrix: async () => (await import('./predictions.matrix.js')).matrix,
};
