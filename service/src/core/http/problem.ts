import type { Context, Next } from 'koa';
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
      if (error.status >= 500) logger.error({ err: thrown }, 'request failed');
      writeProblem(ctx, error);
    }
  };
}

/** The router leaves 404/405/501 without a body; they still deserve a problem document. */
function unansweredRouteError(ctx: Context): AppError | undefined {
  const route = `${ctx.method} ${ctx.path}`;
  switch (ctx.status) {
    case 404:
      return new AppError('route_not_found', { status: 404, message: `No route for ${route}` });
    case 405:
      return new AppError('method_not_allowed', {
        status: 405,
        message: `${route} is not allowed; use ${ctx.response.get('Allow')}`,
        headers: { Allow: ctx.response.get('Allow') },
      });
    case 501:
      return new AppError('method_not_allowed', { status: 501, message: `${ctx.method} is not implemented` });
    default:
      return undefined;
  }
}

export function writeProblem(ctx: Context, error: AppError): void {
  const body: Problem = {
    type: `https://closer.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.expose ? error.message : 'Something went wrong on our side. It was logged.',
    code: error.expose ? error.code : 'internal',
  };
  if (ctx.state.requestId) body.requestId = ctx.state.requestId as string;
  if (error.errors?.length) body.errors = error.errors;
  if (error.expose) Object.assign(body, error.extensions);
  ctx.status = error.status;
  ctx.set(error.headers);
  ctx.type = 'application/problem+json';
  ctx.body = body;
}

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
  // Koa, the router and co-body (the body parser) throw errors that carry a 4xx status.
  if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
    const status = httpError.status;
    if (status === 413) {
      return new AppError('payload_too_large', { status, message: 'Request body is larger than the limit' });
    }
    if (status === 400 && (httpError.type === 'entity.parse.failed' || thrown instanceof SyntaxError)) {
      const reason = thrown instanceof SyntaxError ? `: ${thrown.message}` : '';
      return new AppError('malformed_json', { status, message: `Request body is not valid JSON${reason}` });
    }
    if (status === 415) {
      return new AppError('unsupported_media_type', { status, message: String(httpError.message) });
    }
    const code = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : 'bad_request';
    return new AppError(code, { status, message: String(httpError.message) });
  }
  return new AppError('internal', { status: 500, message: 'Unexpected error', expose: false, cause: thrown });
}
