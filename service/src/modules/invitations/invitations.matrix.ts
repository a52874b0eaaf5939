import { expect } from '@jest/globals';
import { TEST_PASSWORD } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import {
  allow,
  everyone,
  expectStatus,
  get,
  idOf,
  invitationToken,
  type ModuleMatrix,
  newInvitation,
  row,
  uniqueEmail,
} from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Invitations: org.manage_users; accepting is public
    row('POST', '/api/v1/invitations', allow({ orgAdmin: 201 }), (w, c) =>
      w
        .client(c)
        .post('/api/v1/invitations', { email: uniqueEmail('invitee'), roleId: w.org.roles.sales_rep.id }),
    ),
    row('GET', '/api/v1/invitations', allow({ orgAdmin: 200 }), get('/api/v1/invitations')),
    row('POST', '/api/v1/invitations/:id/resend', allow({ orgAdmin: 200 }), async (w, c) =>
      w.client(c).post(`/api/v1/invitations/${(await newInvitation(w)).id}/resend`),
    ),
    row('DELETE', '/api/v1/invitations/:id', allow({ orgAdmin: 200 }), async (w, c) =>
      w.client(c).delete(`/api/v1/invitations/${(await newInvitation(w)).id}`),
    ),
    // A copy of the caller's client: accepting sets a new session cookie.
    row('POST', '/api/v1/invitations/accept', everyone(200), async (w, c) =>
      w.copy(c).post('/api/v1/invitations/accept', {
        token: await invitationToken(w),
        name: 'Ada Accept',
        password: TEST_PASSWORD,
      }),
    ),
  ],
  isolation: {
    lists: ['/api/v1/invitations'],
    probes: [
      ['POST', '/api/v1/invitations/<invitation>/resend'],
      ['DELETE', '/api/v1/invitations/<invitation>'],
    ],
    filters: ['/api/v1/audit-logs?entity=invitation:<invitation>'],
    // To the custom role and team "East" (seeded by roles and teams): the invitation names them too.
    seed: async (tenant) => {
      const body = {
        email: 'new.hire@example.test',
        roleId: idOf(tenant, 'custom role'),
        teamId: idOf(tenant, 'East'),
      };
      const invitation = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/invitations', body),
        201,
      );
      return { invitation: invitation.id };
    },
    unchanged: async (tenant) => {
      const { items } = await json<{ items: { id: string; status: string; sendCount: number }[] }>(
        await tenant.admin.get('/api/v1/invitations'),
      );
      expect(items).toEqual([
        expect.objectContaining({ id: idOf(tenant, 'invitation'), status: 'pending', sendCount: 1 }),
      ]);
    },
  },
};
