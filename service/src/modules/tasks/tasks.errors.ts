import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Tasks refuses nothing of its own: bad input is a 422 naming the field (`AppError.validation`), a
 * running timer or an unfinished prerequisite a 409 `conflict` saying which, anything else a core code.
 * A code added here also goes into `service/src/errors.ts`.
 */
export type TasksErrorCode = never;

export const TASKS_ERRORS: ErrorSentences<TasksErrorCode> = {};
