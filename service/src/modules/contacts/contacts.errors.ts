import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Contacts: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type ContactsErrorCode = never;

export const CONTACTS_ERRORS: ErrorSentences<ContactsErrorCode> = {};
