import type { Context, Next } from 'koa';
import { httpStatusOf, isExposed } from '../../errors.js';
import { AppError } from '../errors/app-error.js';
import { translateDatabaseError } from '../db/database-errors.js';
import type { Logger } from '../logger.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** RFC 9457 body. `type` is a stable URI per error code so clients can branch on it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

/** Maps anything thrown below it to one problem+json response; the single error mapping for HTTP. */
export function problemMiddleware(logger: Logger) {
  return async function problem(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        const unanswered = unansweredRouteError(ctx);
        if (unanswered) throw unanswered;
      }
    } catch (thrown) {
      const error = toAppError(thrown);
      if (httpStatusOf(error) >= 500) logger.error({ err: thrown }, 'request failed');
      writeProblem(ctx, error);
    }
  };
}

/** The router leaves 404/405/501 without a body; they still deserve a problem document. */
function unansweredRouteError(ctx: Context): AppError | undefined {
  const route = `${ctx.method} ${ctx.path}`;
  switch (ctx.status) {
    case 404:
      return new AppError('route_not_found', { message: `No route for ${route}` });
    case 405:
      return new AppError('method_not_allowed', {
        message: `${route} is not allowed; use ${ctx.response.get('Allow')}`,
        headers: { Allow: ctx.response.get('Allow') },
      });
    case 501:
      return new AppError('not_implemented', { message: `${ctx.method} is not implemented` });
    default:
      return undefined;
  }
}

/** `type` and `title` both follow from the code (its status's reason phrase), so they cannot disagree. */
export function writeProblem(ctx: Context, error: AppError): void {
  const exposed = isExposed(error);
  const code = exposed ? error.code : 'internal';
  const status = httpStatusOf(error);
  const body: Problem = {
    type: `https://closer.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: exposed ? error.message : 'Something went wrong on our side. It was logged.',
    code,
  };
  if (ctx.state.requestId) body.requestId = ctx.state.requestId as string;
  if (exposed && error.errors?.length) body.errors = error.errors;
  if (exposed) Object.assign(body, error.extensions);
  ctx.status = status;
  ctx.set(error.headers);
  ctx.type = 'application/problem+json';
  ctx.body = body;
}

/** Codes for the 4xx errors Koa, the router and static files throw, so `type` matches the status. */
const HTTP_ERROR_CODES: Partial<
  Record<number, 'not_found' | 'method_not_allowed' | 'forbidden' | 'unauthenticated'>
> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
};

/** Koa/http-errors (body parser) and database errors become AppErrors; everything else is a 500. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown as AppError;
  const fromDatabase = translateDatabaseError(thrown);
  if (fromDatabase) return fromDatabase;
  const httpError = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    status?: unknown;
    type?: unknown;
    message?: unknown;
  };
  // A compressed body that does not decompress is the caller's mistake, not ours.
  const zlibCode = (thrown as { code?: unknown } | null)?.code;
  if (typeof zlibCode === 'string' && zlibCode.startsWith('Z_')) {
    return new AppError('bad_request', { message: 'The request body could not be decompressed' });
  }
  // Koa, the router and co-body (the body parser) throw errors that carry a 4xx status.
  if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
    const status = httpError.status;
    if (status === 413) {
      return new AppError('payload_too_large', { message: 'Request body is larger than the limit' });
    }
    if (status === 400 && (httpError.type === 'entity.parse.failed' || thrown instanceof SyntaxError)) {
      const reason = thrown instanceof SyntaxError ? `: ${thrown.message}` : '';
      return new AppError('malformed_json', { message: `Request body is not valid JSON${reason}` });
    }
    if (status === 415) {
      return new AppError('unsupported_media_type', { message: String(httpError.message) });
    }
    return new AppError(HTTP_ERROR_CODES[status] ?? 'bad_request', { message: String(httpError.message) });
  }
  return new AppError('internal', { message: 'Unexpected error', cause: thrown });
}
