import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Customers: bad input is a 422 naming the field (AppError.validation); these are the other refusals. */
export type CustomersErrorCode = never;

export const CUSTOMERS_ERRORS: ErrorSentences<CustomersErrorCode> = {};
