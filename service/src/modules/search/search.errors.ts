import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Search: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type SearchErrorCode = never;

export const SEARCH_ERRORS: ErrorSentences<SearchErrorCode> = {};
