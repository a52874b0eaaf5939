/** Who is signed in (`GET /api/v1/me`), loaded once per page. */
import { api, setCsrfToken, unwrap, type Schemas } from './api';
import { clearOfflineData } from './offline';

export type Session = Schemas['SignedIn'];

let current: Promise<Session> | undefined;

export function session(): Promise<Session> {
  current ??= unwrap(api.GET('/api/v1/me')).then((me) => {
    setCsrfToken(me.csrfToken);
    return me;
  });
  return current;
}

export function can(me: Session, ...permissions: string[]): boolean {
  return permissions.some((permission) => me.permissions.includes(permission));
}

export async function signIn(email: string, password: string): Promise<Session> {
  const me = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }), {
    redirectOn401: false,
  });
  setCsrfToken(me.csrfToken);
  current = Promise.resolve(me);
  return me;
}

export async function signOut(): Promise<void> {
  await unwrap(api.POST('/api/v1/auth/logout'), { redirectOn401: false }).catch(() => undefined);
  setCsrfToken(null);
  // The next person on this device must not read this one's copies or send their unsent edits.
  await clearOfflineData().catch(() => undefined);
  location.assign('/login');
}

export async function switchOrganization(tenantId: string): Promise<void> {
  const me = await unwrap(api.POST('/api/v1/auth/switch-tenant', { body: { tenantId } }));
  setCsrfToken(me.csrfToken);
  location.assign('/');
}
