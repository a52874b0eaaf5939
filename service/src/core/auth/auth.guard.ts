import type { Context } from 'koa';
import { enterTenant, currentContext } from '../context/request-context.js';
import { AppError } from '../errors/app-error.js';
import type { RouteGuards } from '../http/api-route.js';
import { authenticateApiKey } from '../../modules/api-keys/api-keys.service.js';
import type { AuthContext } from '../identity/actor.js';
import type { Permission } from '../identity/permissions.js';
import { safeEqual } from '../identity/secrets.js';
import { authenticateSession, csrfTokenFor, type AuthDeps } from '../../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'closer_session';

const unauthenticated = (message = 'Sign in or send an API key') =>
  new AppError('unauthenticated', {
    status: 401,
    message,
    headers: { 'WWW-Authenticate': 'Bearer realm="closer"' },
  });

export function sessionToken(ctx: Context): string | undefined {
  const token = ctx.cookies.get(SESSION_COOKIE);
  return token && token.length <= 100 ? token : undefined;
}

/** The one place requests become callers: API key or session cookie, then tenant context for RLS. */
export function createGuards(deps: AuthDeps): RouteGuards {
  return {
    async authenticate(ctx) {
      const header = ctx.get('authorization');
      let auth: AuthContext | undefined;
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw unauthenticated('Authorization must be "Bearer <api key>"');
        auth = await authenticateApiKey(deps, match[1]!);
        if (!auth) throw unauthenticated('The API key is not valid, or it was revoked');
      } else {
        const token = sessionToken(ctx);
        auth = token ? await authenticateSession(deps, token) : undefined;
        if (!auth) throw unauthenticated(token ? 'Your session has ended; sign in again' : undefined);
      }
      ctx.state.auth = auth;
      const context = currentContext();
      if (context) context.via = auth.via;
      enterTenant({ tenantId: auth.tenantId, userId: auth.userId });
      return auth;
    },
    authorize(auth: AuthContext, permissions: Permission[]) {
      if (permissions.some((permission) => auth.permissions.has(permission))) return;
      throw new AppError('forbidden', {
        status: 403,
        message: `This needs the permission ${permissions.join(' or ')}`,
      });
    },
    checkCsrf(ctx, auth) {
      if (!auth || auth.via !== 'web') return;
      const token = sessionToken(ctx);
      const sent = ctx.get('x-csrf-token');
      if (!token || !sent || !safeEqual(sent, csrfTokenFor(token))) {
        throw new AppError('csrf_failed', { status: 403, message: 'Missing or wrong X-CSRF-Token header' });
      }
    },
  };
}
