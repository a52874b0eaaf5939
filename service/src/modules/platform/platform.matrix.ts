import { buildOrganization } from '../../test/factories.js';
import { allow, get, type ModuleMatrix, row, unique, uniqueEmail } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Platform: manage_subscriptions, view_all_tenants, manage_support_staff; support staff only read
    row('POST', '/api/v1/platform/tenants', allow({ superAdmin: 201 }), (w, c) => {
      const slug = unique('org')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '');
      const body = { name: 'Newco', slug, adminEmail: `admin@${slug}.test` };
      return w.client(c).post('/api/v1/platform/tenants', body);
    }),
    row(
      'GET',
      '/api/v1/platform/tenants',
      allow({ superAdmin: 200, support: 200 }),
      get('/api/v1/platform/tenants'),
    ),
    row('PATCH', '/api/v1/platform/tenants/:id', allow({ superAdmin: 200 }), async (w, c) => {
      const target = await buildOrganization(w.app.database.db, { name: 'Target Inc' });
      return w.client(c).patch(`/api/v1/platform/tenants/${target.tenantId}`, { plan: 'pro' });
    }),
    row('POST', '/api/v1/platform/support-staff', allow({ superAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/platform/support-staff', { email: uniqueEmail('helper') }),
    ),
    row(
      'GET',
      '/api/v1/platform/support-staff',
      allow({ superAdmin: 200 }),
      get('/api/v1/platform/support-staff'),
    ),
    // System health: super admins and support staff (platform.view_system_metrics)
    row(
      'GET',
      '/api/v1/platform/health',
      allow({ superAdmin: 200, support: 200 }),
      get('/api/v1/platform/health'),
    ),
  ],
};
