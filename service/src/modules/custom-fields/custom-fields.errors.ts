import type { ErrorSentences } from '../../core/errors/app-error.js';

/** CustomFields: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type CustomFieldsErrorCode = never;

export const CUSTOM_FIELDS_ERRORS: ErrorSentences<CustomFieldsErrorCode> = {};
