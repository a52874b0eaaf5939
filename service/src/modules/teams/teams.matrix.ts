import {
  allow,
  get,
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
};
