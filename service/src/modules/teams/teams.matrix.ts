import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  allow,
  expectStatus,
  get,
  idOf,
  type ModuleMatrix,
  newMember,
  newTeam,
  NO_TENANT,
  row,
  signedIn,
  unique,
} from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Teams: org.manage_users; members also team.manage_members (teams the manager manages)
    row(
      'GET',
      '/api/v1/teams',
      signedIn(200, { superAdmin: 409, support: 409 }),
      get('/api/v1/teams'),
      NO_TENANT,
    ),
    row('POST', '/api/v1/teams', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/teams', { name: unique('Team') }),
    ),
    row('PATCH', '/api/v1/teams/:id', allow({ orgAdmin: 200 }), async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id });
      return w.client(c).patch(`/api/v1/teams/${team.id}`, { version: team.version, description: 'Renamed' });
    }),
    row('DELETE', '/api/v1/teams/:id', allow({ orgAdmin: 204 }), async (w, c) =>
      w.client(c).delete(`/api/v1/teams/${(await newTeam(w, { managerId: w.org.manager.id })).id}`),
    ),
    row('POST', '/api/v1/teams/:id/members', allow({ orgAdmin: 200, teamManager: 200 }), async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id });
      return w.client(c).post(`/api/v1/teams/${team.id}/members`, { userId: await newMember(w) });
    }),
    row(
      'DELETE',
      '/api/v1/teams/:id/members/:userId',
      allow({ orgAdmin: 200, teamManager: 200 }),
      async (w, c) => {
        const memberId = await newMember(w);
        const team = await newTeam(w, { managerId: w.org.manager.id, memberId });
        return w.client(c).delete(`/api/v1/teams/${team.id}/members/${memberId}`);
      },
    ),
  ],
  isolation: {
    lists: ['/api/v1/teams'],
    probes: [
      ['PATCH', '/api/v1/teams/<East>', { version: 1, name: 'Hijacked' }],
      ['POST', '/api/v1/teams/<West>/members', { userId: "<B's rep>" }],
      ['DELETE', '/api/v1/teams/<West>/members/<rep>'],
      ['DELETE', '/api/v1/teams/<West>'],
    ],
    filters: ['/api/v1/audit-logs?entity=team:<East>'],
    // Team "East" with the rep who is not in "West".
    seed: async (tenant) => {
      const east = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/teams', { name: 'East' }),
        201,
      );
      const member = { userId: idOf(tenant, 'other rep') };
      await expectStatus(await tenant.admin.post(`/api/v1/teams/${east.id}/members`, member), 200);
      return { East: east.id };
    },
    unchanged: async ({ admin, org }) => {
      const { items } = await json<{ items: { id: string; name: string; members: { userId: string }[] }[] }>(
        await admin.get('/api/v1/teams'),
      );
      expect(items.map((team) => team.name).sort()).toEqual(['East', 'West']);
      const west = items.find((team) => team.id === org.teamId);
      expect(west?.members.map((member) => member.userId).sort()).toEqual(
        [org.manager.id, org.rep.id].sort(),
      );
    },
  },
};
