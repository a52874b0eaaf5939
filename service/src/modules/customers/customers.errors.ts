import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Customers: bad input is a 422 naming the field (`AppError.validation`); these are the other refusals. */
export type CustomersErrorCode = 'customer_merged';

export const CUSTOMERS_ERRORS: ErrorSentences<CustomersErrorCode> = {
  customer_merged: 'That customer was merged into another one; its history lives on there.',
};
