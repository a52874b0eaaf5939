import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Contacts: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type ContactsErrorCode = 'contact_merged';

export const CONTACTS_ERRORS: ErrorSentences<ContactsErrorCode> = {
  contact_merged: 'This contact was merged into another one; open that contact instead.',
};
