import { AppError } from '../errors/app-error.js';

interface PostgresError {
  code: string;
  message?: string;
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
        message: `A record with the same unique value already exists${error.constraint ? ` (${error.constraint})` : ''}`,
        cause: thrown,
      });
    case '23503':
      return AppError.validation([{ path: '', message: 'refers to a record that does not exist' }]);
    case '40001':
    case '40P01':
      return new AppError('conflict', {
        message: 'The change collided with another one; retry it',
        cause: thrown,
      });
    case '42501':
      // An RLS refusal reads as "no such record" (never confirm another tenant's data exists). A missing
      // grant is a bug in Closer, not the caller's doing: left to become a logged 500.
      return /row-level security/i.test((error as { message?: string }).message ?? '')
        ? AppError.notFound('Record')
        : undefined;
    default:
      return undefined;
  }
}
