import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Goals refuse nothing of their own: bad input (an owner outside one's teams, a custom period ending
 * before it starts) is a 422 naming the field (`AppError.validation`), anything else a core code. A
 * code added here also goes into `service/src/errors.ts`.
 */
export type GoalsErrorCode = never;

export const GOALS_ERRORS: ErrorSentences<GoalsErrorCode> = {};
