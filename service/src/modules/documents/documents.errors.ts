import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Documents: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type DocumentsErrorCode = never;

export const DOCUMENTS_ERRORS: ErrorSentences<DocumentsErrorCode> = {};
