import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Customers refuses nothing of its own: bad input is a 422 naming the field (`AppError.validation`),
 * anything else a core code. A code added here also goes into `service/src/errors.ts`.
 */
export type CustomersErrorCode = never;

export const CUSTOMERS_ERRORS: ErrorSentences<CustomersErrorCode> = {};
