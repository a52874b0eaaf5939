import { TEST_PASSWORD } from '../../test/factories.js';
import {
  everyone,
  get,
  type ModuleMatrix,
  resetToken,
  row,
  signedIn,
  uniqueEmail,
} from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Auth: public, or any signed-in caller
    row('POST', '/api/v1/auth/login', everyone(200, { suspended: 403 }), async (w, c) =>
      (await w.fresh(c)).post('/api/v1/auth/login', { email: w.person(c).email, password: TEST_PASSWORD }),
    ),
    row('POST', '/api/v1/auth/logout', signedIn(204), async (w, c) =>
      (await w.fresh(c)).post('/api/v1/auth/logout'),
    ),
    row('GET', '/api/v1/me', signedIn(200), get('/api/v1/me')),
    row(
      'POST',
      '/api/v1/auth/switch-tenant',
      signedIn(200, { superAdmin: 404, support: 404 }),
      (w, c) => w.client(c).post('/api/v1/auth/switch-tenant', { tenantId: w.org.tenantId }),
      { superAdmin: 'not_found', support: 'not_found' },
    ),
    row('POST', '/api/v1/me/password', signedIn(204), (w, c) =>
      w.client(c).post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    ),
    row('POST', '/api/v1/auth/password-reset', everyone(202), (w, c) =>
      w.client(c).post('/api/v1/auth/password-reset', { email: uniqueEmail('nobody') }),
    ),
    row('POST', '/api/v1/auth/password-reset/confirm', everyone(200), async (w, c) =>
      w.client(c).post('/api/v1/auth/password-reset/confirm', {
        token: await resetToken(w),
        password: 'a brand new passphrase',
      }),
    ),
  ],
  // Who the caller is: never anyone of another organization.
  isolation: { lists: ['/api/v1/me'], probes: [] },
};
