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

const STAGES = [
  { name: 'Discovery', kind: 'open', probability: 20 },
  { name: 'Signed', kind: 'won', probability: 100 },
  { name: 'Dropped', kind: 'lost', probability: 0 },
];

async function newPipeline(w: MatrixWorld) {
  const body = { name: unique('Pipeline'), stages: STAGES };
  return expectStatus<{ id: string; version: number }>(await admin(w).post('/api/v1/pipelines', body), 201);
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Every member reads the pipelines; shaping them needs org.configure_settings.
    row(
      'GET',
      '/api/v1/pipelines',
      signedIn(200, { superAdmin: 409, support: 409 }),
      get('/api/v1/pipelines'),
      NO_TENANT,
    ),
    row('POST', '/api/v1/pipelines', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/pipelines', { name: unique('Pipeline'), stages: STAGES }),
    ),
    row('PATCH', '/api/v1/pipelines/:id', allow({ orgAdmin: 200 }), async (w, c) => {
      const pipeline = await newPipeline(w);
      return w
        .client(c)
        .patch(`/api/v1/pipelines/${pipeline.id}`, { version: pipeline.version, name: unique('Renamed') });
    }),
  ],
  isolation: {
    lists: ['/api/v1/pipelines'],
    probes: [['PATCH', '/api/v1/pipelines/<Enterprise pipeline>', { version: 1, name: 'Hijacked' }]],
    filters: ['/api/v1/audit-logs?entity=pipeline:<Enterprise pipeline>'],
    // A second pipeline beside the default one every organization starts with.
    seed: async (tenant) => {
      const body = { name: 'Enterprise', stages: STAGES };
      const created = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/pipelines', body),
        201,
      );
      return { 'Enterprise pipeline': created.id };
    },
    unchanged: async ({ admin: client }) => {
      const { items } = await json<{
        items: { name: string; version: number; stages: { name: string }[] }[];
      }>(await client.get('/api/v1/pipelines'));
      expect(items.map(({ name, version }) => ({ name, version }))).toEqual([
        { name: 'Sales', version: 1 },
        { name: 'Enterprise', version: 1 },
      ]);
      expect(items[1]?.stages.map((stage) => stage.name)).toEqual(['Discovery', 'Signed', 'Dropped']);
    },
  },
};
