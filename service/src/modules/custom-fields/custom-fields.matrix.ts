import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  type MatrixWorld,
  type ModuleMatrix,
  NO_TENANT,
  row,
  signedIn,
  unique,
} from '../../matrix/matrix.js';

const fieldKey = () => unique('field').replace(/[^a-z0-9]+/g, '_');

async function newCustomField(w: MatrixWorld) {
  const body = { object: 'customer', key: fieldKey(), label: 'Matrix field', type: 'text' };
  return expectStatus<{ id: string; version: number }>(
    await admin(w).post('/api/v1/custom-fields', body),
    201,
  );
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Every member reads the definitions (they fill the fields in); changing them needs org.configure_settings.
    row(
      'GET',
      '/api/v1/custom-fields',
      signedIn(200, { superAdmin: 409, support: 409 }),
      get('/api/v1/custom-fields?object=customer'),
      NO_TENANT,
    ),
    row('POST', '/api/v1/custom-fields', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/custom-fields', {
        object: 'opportunity',
        key: fieldKey(),
        label: 'Region',
        type: 'enum',
        options: ['EMEA', 'APAC'],
      }),
    ),
    row('PATCH', '/api/v1/custom-fields/:id', allow({ orgAdmin: 200 }), async (w, c) => {
      const field = await newCustomField(w);
      return w
        .client(c)
        .patch(`/api/v1/custom-fields/${field.id}`, { version: field.version, label: 'Relabelled' });
    }),
    row('DELETE', '/api/v1/custom-fields/:id', allow({ orgAdmin: 204 }), async (w, c) =>
      w.client(c).delete(`/api/v1/custom-fields/${(await newCustomField(w)).id}`),
    ),
  ],
  isolation: {
    lists: ['/api/v1/custom-fields', '/api/v1/custom-fields?object=customer'],
    probes: [
      ['PATCH', '/api/v1/custom-fields/<Tier field>', { version: 1, label: 'Hijacked' }],
      ['DELETE', '/api/v1/custom-fields/<Tier field>'],
    ],
    filters: ['/api/v1/audit-logs?entity=custom_field:<Tier field>'],
    // The same key in every organization: keys are unique per organization only.
    seed: async (tenant) => {
      const body = {
        object: 'customer',
        key: 'tier',
        label: 'Tier',
        type: 'enum',
        options: ['gold', 'silver'],
      };
      const created = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/custom-fields', body),
        201,
      );
      return { 'Tier field': created.id };
    },
    unchanged: async ({ admin: client, ids }) => {
      const { items } = await json<{ items: { id: string; key: string; label: string; version: number }[] }>(
        await client.get('/api/v1/custom-fields'),
      );
      expect(items.filter((field) => field.key === 'tier')).toEqual([
        expect.objectContaining({ id: ids['Tier field'], label: 'Tier', version: 1 }),
      ]);
    },
  },
};
