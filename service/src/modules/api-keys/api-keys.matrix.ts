import { allow, get, type ModuleMatrix, newApiKey, row, unique } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // API keys: org.manage_integrations
    row('POST', '/api/v1/api-keys', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/api-keys', { name: unique('Key'), permissions: ['org.manage_users'] }),
    ),
    row('GET', '/api/v1/api-keys', allow({ orgAdmin: 200 }), get('/api/v1/api-keys')),
    row('DELETE', '/api/v1/api-keys/:id', allow({ orgAdmin: 200 }), async (w, c) =>
      w.client(c).delete(`/api/v1/api-keys/${(await newApiKey(w)).id}`),
    ),
  ],
};
