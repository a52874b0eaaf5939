import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Analytics refuses nothing of its own: a bad range is a 422 naming the field (`AppError.validation`),
 * an unknown or hidden team or member a 404. A code added here also goes into `service/src/errors.ts`.
 */
export type AnalyticsErrorCode = never;

export const ANALYTICS_ERRORS: ErrorSentences<AnalyticsErrorCode> = {};
