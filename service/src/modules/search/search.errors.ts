import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Search refuses nothing of its own: bad input is a 422 naming the field (`AppError.validation`),
 * anything else a core code. A code added here also goes into `service/src/errors.ts`.
 */
export type SearchErrorCode = never;

export const SEARCH_ERRORS: ErrorSentences<SearchErrorCode> = {};
