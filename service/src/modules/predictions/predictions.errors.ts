import type { ErrorSentences } from '../../core/errors/app-error.js';

/** A second training while one runs is refused (409); everything else uses core codes. */
export type PredictionsErrorCode = 'training_running';

export const PREDICTIONS_ERRORS: ErrorSentences<PredictionsErrorCode> = {
  training_running: 'A model is already being trained for this organization; wait for it to finish.',
};
