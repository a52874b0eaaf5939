import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Documents refuses nothing of its own: bad input is a 422 naming the field (`AppError.validation`),
 * anything else a core code. A code added here also goes into `service/src/errors.ts`.
 */
export type DocumentsErrorCode = never;

export const DOCUMENTS_ERRORS: ErrorSentences<DocumentsErrorCode> = {};
