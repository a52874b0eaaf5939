import { allow, get, type ModuleMatrix, newRole, row, signedIn, unique } from '../../matrix/matrix.js';

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
};
