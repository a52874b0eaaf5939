import { json, type TestClient } from '../../test/http-client.js';
import {
  admin,
  allow,
  everyone,
  expectStatus,
  get,
  type MatrixWorld,
  type ModuleMatrix,
  oncePerWorld,
  row,
} from '../../matrix/matrix.js';

/** Who exports: Org Admins (`org.export_data`) and managers (`team.generate_reports`). */
const exporters = (status: number, manager = status) => allow({ orgAdmin: status, teamManager: manager });

interface ExportState {
  id: string;
  status: string;
  downloadUrl: string | null;
}

/** Polls an export until its job has finished (the worker runs in the test app). */
export async function finishedExport(client: TestClient, id: string): Promise<ExportState> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const state = await json<ExportState>(await client.get(`/api/v1/exports/${id}`));
    if (!['queued', 'running'].includes(state.status)) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} did not finish`);
}

/** An export of the admin's (customers as CSV), finished: every row only reads it. */
const adminExport = oncePerWorld(async (w: MatrixWorld): Promise<ExportState> => {
  const created = await expectStatus<ExportState>(
    await admin(w).post('/api/v1/exports', { resource: 'customers', format: 'csv' }),
    202,
  );
  return finishedExport(admin(w), created.id);
});

/** Another exporter's export is a 404 to the manager: exports are their creator's alone. */
const othersExport = { teamManager: 'not_found' } as const;

export const matrix: ModuleMatrix = {
  routes: [
    row('POST', '/api/v1/exports', exporters(202), (w, c) =>
      w.client(c).post('/api/v1/exports', { resource: 'tasks', format: 'csv' }),
    ),
    row('GET', '/api/v1/exports', exporters(200), get('/api/v1/exports')),
    row(
      'GET',
      '/api/v1/exports/:id',
      exporters(200, 404),
      async (w, c) => w.client(c).get(`/api/v1/exports/${(await adminExport(w)).id}`),
      othersExport,
    ),
    row(
      'GET',
      '/api/v1/exports/:id/download',
      exporters(200, 404),
      async (w, c) => w.client(c).get(`/api/v1/exports/${(await adminExport(w)).id}/download`),
      othersExport,
    ),
    // The signed link is the credential: whoever holds it downloads, session or not, until it expires.
    row('GET', '/api/v1/exports/:id/file', everyone(200), async (w, c) => {
      const url = new URL((await adminExport(w)).downloadUrl!);
      return w.client(c).get(`${url.pathname}${url.search}`);
    }),
  ],
  isolation: {
    lists: ['/api/v1/exports'],
    probes: [
      ['GET', '/api/v1/exports/<Export>'],
      ['GET', '/api/v1/exports/<Export>/download'],
    ],
    seed: async (tenant) => {
      const created = await expectStatus<ExportState>(
        await tenant.admin.post('/api/v1/exports', { resource: 'customers', format: 'csv' }),
        202,
      );
      return { Export: created.id };
    },
  },
};
