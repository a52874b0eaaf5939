import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  allow,
  expectStatus,
  get,
  idOf,
  type ModuleMatrix,
  newRole,
  row,
  signedIn,
  unique,
} from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Roles: org.assign_roles (listing also org.manage_users)
    row('GET', '/api/v1/permissions', signedIn(200), get('/api/v1/permissions')),
    row('GET', '/api/v1/roles', allow({ orgAdmin: 200 }), get('/api/v1/roles')),
    row('POST', '/api/v1/roles', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/roles', { name: unique('Role'), permissions: ['tasks.view_assigned'] }),
    ),
    row('PATCH', '/api/v1/roles/:id', allow({ orgAdmin: 200 }), async (w, c) => {
      const role = await newRole(w);
      return w
        .client(c)
        .patch(`/api/v1/roles/${role.id}`, { version: role.version, name: unique('Renamed') });
    }),
    row('DELETE', '/api/v1/roles/:id', allow({ orgAdmin: 204 }), async (w, c) =>
      w.client(c).delete(`/api/v1/roles/${(await newRole(w)).id}`),
    ),
  ],
  isolation: {
    lists: ['/api/v1/roles'],
    probes: [
      ['PATCH', '/api/v1/roles/<custom role>', { version: 1, name: 'Hijacked' }],
      ['PATCH', '/api/v1/roles/<Sales Rep role>', { version: 1, name: 'Hijacked' }],
      ['DELETE', '/api/v1/roles/<custom role>'],
      ['DELETE', '/api/v1/roles/<Org Admin role>'],
    ],
    filters: ['/api/v1/audit-logs?entity=role:<custom role>'],
    seed: async ({ admin }) => {
      const body = { name: 'Deal Desk', permissions: ['opportunities.manage_assigned'] };
      const role = await expectStatus<{ id: string }>(await admin.post('/api/v1/roles', body), 201);
      return { 'custom role': role.id };
    },
    unchanged: async (tenant) => {
      const { items } = await json<{ items: { id: string; name: string; version: number }[] }>(
        await tenant.admin.get('/api/v1/roles'),
      );
      const named = (name: string) => items.find((role) => role.id === idOf(tenant, name));
      expect(named('custom role')).toMatchObject({ name: 'Deal Desk', version: 1 });
      expect(named('Sales Rep role')).toMatchObject({ name: 'Sales Rep' });
      expect(items.map((role) => role.id)).toContain(idOf(tenant, 'Org Admin role'));
    },
  },
};
