import type { Context, Next } from 'koa';

/** Conservative defaults for an API that also serves the dashboard's static files. */
export function securityHeaders() {
  return async function headers(ctx: Context, next: Next): Promise<void> {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'SAMEORIGIN',
    });
    await next();
  };
}
