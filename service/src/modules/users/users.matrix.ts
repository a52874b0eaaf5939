import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  allow,
  get,
  idOf,
  type ModuleMatrix,
  newMember,
  NO_TENANT,
  row,
  signedIn,
  uniqueEmail,
} from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Users: org.manage_users (listing also team.manage_members, changes also org.assign_roles)
    row('GET', '/api/v1/users', allow({ orgAdmin: 200, teamManager: 200 }), get('/api/v1/users')),
    // The rep of team "West": in the admin's tenant, in the manager's team, and the rep's own record.
    row(
      'GET',
      '/api/v1/users/:id',
      // A member without a wider scope sees only themselves: the rep is a 404 to them.
      signedIn(200, { customRole: 404, superAdmin: 409, support: 409 }),
      (w, c) => w.client(c).get(`/api/v1/users/${w.org.rep.id}`),
      { ...NO_TENANT, customRole: 'not_found' },
    ),
    row('PATCH', '/api/v1/users/:id', allow({ orgAdmin: 200 }), async (w, c) =>
      w.client(c).patch(`/api/v1/users/${await newMember(w)}`, {
        version: 1,
        roleId: w.org.roles.team_manager.id,
      }),
    ),
    row('POST', '/api/v1/users/import', allow({ orgAdmin: 200 }), (w, c) => {
      const csv = `email,name,role,team\n${uniqueEmail('imported')},Ivy Import,Sales Rep,West\n`;
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'users.csv');
      return w.client(c).post('/api/v1/users/import', form);
    }),
  ],
  isolation: {
    lists: ['/api/v1/users'],
    probes: [
      ['GET', '/api/v1/users/<admin>'],
      ['GET', '/api/v1/users/<rep>'],
      ['PATCH', '/api/v1/users/<rep>', { version: 1, status: 'deactivated' }],
      ['PATCH', '/api/v1/users/<rep>', { version: 1, teamIds: ["<B's West>"] }],
    ],
    filters: ['/api/v1/users?teamId=<West>', '/api/v1/users?roleId=<Sales Rep role>'],
    unchanged: async (tenant) => {
      const rep = await json<{ status: string; version: number }>(
        await tenant.admin.get(`/api/v1/users/${idOf(tenant, 'rep')}`),
      );
      expect(rep).toMatchObject({ status: 'active', version: 1 });
    },
  },
};
