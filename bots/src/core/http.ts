/** What the adapters answer an HTTP request with; the service's Koa routes write it out. */
export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Record<string, unknown>;
}

/** The request as the adapters need it: headers (lower-case names) and the exact bytes that were signed. */
export interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The logging the bots need (pino's call shape). */
export interface BotLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
