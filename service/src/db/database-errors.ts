import { AppError } from '../http/app-error.js';

interface PostgresError {
  code: string;
  constraint?: string;
  detail?: string;
}

function isPostgresError(value: unknown): value is PostgresError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((value as { code: string }).code)
  );
}

/** The one place SQLSTATE codes become product errors (drizzle wraps driver errors in `cause`). */
export function translateDatabaseError(thrown: unknown): AppError | undefined {
  const error = isPostgresError(thrown)
    ? thrown
    : isPostgresError((thrown as { cause?: unknown })?.cause)
      ? (thrown as { cause: PostgresError }).cause
      : undefined;
  if (!error) return undefined;
  switch (error.code) {
    case '23505':
      return new AppError('conflict', {
        status: 409,
        message: `A record with the same unique value already exists${error.constraint ? ` (${error.constraint})` : ''}`,
        cause: thrown,
      });
    case '23503':
      return AppError.validation([{ path: '', message: 'refers to a record that does not exist' }]);
    case '40001':
    case '40P01':
      return new AppError('conflict', {
        status: 409,
        message: 'The change collided with another one; retry it',
        cause: thrown,
      });
    case '42501':
      // RLS refusal or a missing grant: never reveal which, to avoid confirming a record exists.
      return AppError.notFound('Record');
    default:
      return undefined;
  }
}
