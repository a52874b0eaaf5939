import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Opportunities refuses nothing of its own: bad input is a 422 naming the field (`AppError.validation`),
 * anything else a core code. A code added here also goes into `service/src/errors.ts`.
 */
export type OpportunitiesErrorCode = never;

export const OPPORTUNITIES_ERRORS: ErrorSentences<OpportunitiesErrorCode> = {};
