import type { Context } from 'koa';
import { currentContext } from '../context/request-context.js';
import { AppError } from '../errors/app-error.js';
import type { RouteGuards } from '../http/api-route.js';
import type { Actor } from '../identity/actor.js';
import { safeEqual } from '../identity/secrets.js';
import type { CallerResolver } from './callers.js';
import { csrfTokenFor, sessionToken } from './session-token.js';

const unauthenticated = (message = 'Sign in or send an API key') =>
  new AppError('unauthenticated', {
    message,
    headers: { 'WWW-Authenticate': 'Bearer realm="closer"' },
  });

/** The one place requests become callers: an API key or a session cookie. */
export function createGuards(callers: CallerResolver): RouteGuards {
  return {
    async authenticate(ctx: Context): Promise<Actor> {
      const header = ctx.get('authorization');
      let actor: Actor | undefined;
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw unauthenticated('Authorization must be "Bearer <api key>"');
        actor = await callers.byApiKey(match[1]!);
        if (!actor) throw unauthenticated('The API key is not valid, or it was revoked');
      } else {
        const token = sessionToken(ctx);
        actor = token ? await callers.bySession(token) : undefined;
        if (!actor) throw unauthenticated(token ? 'Your session has ended; sign in again' : undefined);
      }
      ctx.state.actor = actor;
      const context = currentContext();
      if (context) context.via = actor.via;
      return actor;
    },
    checkCsrf(ctx, actor) {
      if (actor.via !== 'web') return;
      const token = sessionToken(ctx);
      const sent = ctx.get('x-csrf-token');
      if (!token || !sent || !safeEqual(sent, csrfTokenFor(token))) {
        throw new AppError('csrf_failed', { message: 'Missing or wrong X-CSRF-Token header' });
      }
    },
  };
}
