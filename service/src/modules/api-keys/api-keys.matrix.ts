import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  allow,
  expectStatus,
  get,
  idOf,
  type ModuleMatrix,
  newApiKey,
  row,
  unique,
} from '../../matrix/matrix.js';

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
  isolation: {
    lists: ['/api/v1/api-keys'],
    probes: [['DELETE', '/api/v1/api-keys/<API key>']],
    filters: ['/api/v1/audit-logs?entity=api_key:<API key>'],
    seed: async ({ admin }) => {
      const body = { name: 'Integration', permissions: ['org.manage_users'] };
      const created = await expectStatus<{ apiKey: { id: string } }>(
        await admin.post('/api/v1/api-keys', body),
        201,
      );
      return { 'API key': created.apiKey.id };
    },
    unchanged: async (tenant) => {
      const keys = await json<{ items: { id: string; revokedAt: string | null }[] }>(
        await tenant.admin.get('/api/v1/api-keys'),
      );
      expect(keys.items.find((key) => key.id === idOf(tenant, 'API key'))).toMatchObject({ revokedAt: null });
    },
  },
};
