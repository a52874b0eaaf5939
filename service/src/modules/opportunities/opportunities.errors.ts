import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Opportunities: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type OpportunitiesErrorCode = never;

export const OPPORTUNITIES_ERRORS: ErrorSentences<OpportunitiesErrorCode> = {};
