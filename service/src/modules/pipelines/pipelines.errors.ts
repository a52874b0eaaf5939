import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Pipelines: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type PipelinesErrorCode = never;

export const PIPELINES_ERRORS: ErrorSentences<PipelinesErrorCode> = {};
