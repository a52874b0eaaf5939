import type { ErrorCode } from '../../errors.js';

/** A domain's error codes, each with the sentence a person is shown (in the dashboard or in chat). */
export type ErrorSentences<Code extends string> = Readonly<Record<Code, string>>;

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  /** What went wrong in this instance, for the problem document's `detail` and the logs. */
  message?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extra members of the problem document (RFC 9457 extensions), e.g. `current` on a stale version. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type Closer throws on purpose. It carries a code from the catalog (`service/src/errors.ts`),
 * never a status: each transport maps codes once (problem+json for HTTP, `toChatReply` for the bots).
 */
export class AppError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(code: Code, options: AppErrorOptions = {}) {
    super(options.message ?? code.replaceAll('_', ' '), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  /** A record that does not exist or that the caller may not see: the same answer for both. */
  static notFound(what: string): AppError<'not_found'> {
    return new AppError('not_found', { message: `${what} not found` });
  }

  /** The record changed since the caller read it; carries the record as it is now, to merge and retry. */
  static staleVersion(current: unknown): AppError<'stale_version'> {
    return new AppError('stale_version', {
      message: 'The record changed since you read it; the current version is in `current`',
      extensions: { current },
    });
  }

  static validation(errors: FieldError[]): AppError<'validation_failed'> {
    const message = errors.map((error) => `${error.path || '(body)'}: ${error.message}`).join('; ');
    return new AppError('validation_failed', { message, errors });
  }

  /** The caller lacks a permission (or a record-level right) for an action on something they can see. */
  static forbidden(message: string): AppError<'forbidden'> {
    return new AppError('forbidden', { message });
  }
}
