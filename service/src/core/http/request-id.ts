import type { Context, Next } from 'koa';
import { v7 as uuidv7 } from 'uuid';
import { runWithContext } from '../context/request-context.js';
import { clientAddress } from './client-address.js';
import type { Logger } from '../logger.js';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Gives every request an id (the caller's `X-Request-Id` when sane) and a context all code can read. */
export function requestContextMiddleware(logger: Logger) {
  return async function requestContext(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : uuidv7();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    await runWithContext({ requestId, via: 'web', ip: clientAddress(ctx) ?? undefined }, async () => {
      try {
        await next();
      } finally {
        logger.info(
          {
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
          },
          'request',
        );
      }
    });
  };
}
