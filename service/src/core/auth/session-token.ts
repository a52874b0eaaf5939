import type { Context } from 'koa';
import { hashToken } from '../identity/secrets.js';

export const SESSION_COOKIE = 'closer_session';

/** The session token a browser sent, if it looks like one. */
export function sessionToken(ctx: Context): string | undefined {
  const token = ctx.cookies.get(SESSION_COOKIE);
  return token && token.length <= 100 ? token : undefined;
}

/** The CSRF token of a session: derived from its secret, so it needs no storage and dies with it. */
export function csrfTokenFor(sessionToken: string): string {
  return hashToken(`csrf:${sessionToken}`);
}
