import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Pipelines: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type PipelinesErrorCode = 'pipeline_name_taken' | 'stage_in_use';

export const PIPELINES_ERRORS: ErrorSentences<PipelinesErrorCode> = {
  pipeline_name_taken: 'There is already a pipeline with that name.',
  stage_in_use: 'Open opportunities are in that stage: move them to another stage before removing it.',
};
