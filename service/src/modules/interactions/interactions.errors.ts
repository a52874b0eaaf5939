import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Interactions: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type InteractionsErrorCode = never;

export const INTERACTIONS_ERRORS: ErrorSentences<InteractionsErrorCode> = {};
