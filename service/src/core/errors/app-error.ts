/** Codes shared by every domain; domains add their own unions. */
export type CoreErrorCode =
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'service_unavailable'
  | 'bad_request'
  | 'internal';

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  status: number;
  message: string;
  userMessage?: string;
  expose?: boolean;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extra members of the problem document (RFC 9457 extensions), e.g. `current` on a stale version. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type Closer throws on purpose; transports map it to problem+json or a chat reply. */
export class AppError<Code extends string = CoreErrorCode | (string & {})> extends Error {
  readonly code: Code;
  readonly status: number;
  readonly userMessage: string;
  readonly expose: boolean;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(code: Code, options: AppErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status;
    this.userMessage = options.userMessage ?? options.message;
    this.expose = options.expose ?? options.status < 500;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', { status: 404, message: `${what} not found` });
  }

  /** 409 carrying the record as it is now, so the client can merge and retry. */
  static staleVersion(current: unknown): AppError {
    return new AppError('stale_version', {
      status: 409,
      message: 'The record changed since you read it; the current version is in `current`',
      extensions: { current },
    });
  }

  static validation(errors: FieldError[]): AppError {
    const message = errors.map((error) => `${error.path || '(body)'}: ${error.message}`).join('; ');
    return new AppError('validation_failed', {
      status: 422,
      message,
      userMessage: 'Some fields are invalid',
      errors,
    });
  }
}
