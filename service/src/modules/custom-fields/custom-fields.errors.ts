import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Custom fields: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type CustomFieldsErrorCode = 'custom_field_key_taken';

export const CUSTOM_FIELDS_ERRORS: ErrorSentences<CustomFieldsErrorCode> = {
  custom_field_key_taken: 'There is already a custom field with that key on this kind of record.',
};
