import { expect } from '@jest/globals';
import { json, type TestClient } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  type MatrixWorld,
  type ModuleMatrix,
  oncePerWorld,
  row,
  unique,
} from '../../matrix/matrix.js';

/** A small customer file as a form, with the given extra fields. */
function customerForm(fields: Record<string, string> = {}): FormData {
  const name = unique('Imported Co');
  const csv = `Company Name,Website\n${name},${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example\n`;
  const form = new FormData();
  form.append('type', 'customers');
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
  return form;
}

/** An import of the admin's, waited for until it has finished. */
async function finishedImport(client: TestClient): Promise<string> {
  const created = await expectStatus<{ id: string }>(
    await client.post('/api/v1/imports', customerForm()),
    202,
  );
  for (let attempt = 0; attempt < 200; attempt++) {
    const job = await json<{ status: string }>(await client.get(`/api/v1/imports/${created.id}`));
    if (job.status === 'completed') return created.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${created.id} did not finish`);
}

/** One finished import of the admin's for the rows that only read it (a finished import cannot be cancelled). */
const sharedImport = oncePerWorld((w: MatrixWorld) => finishedImport(admin(w)));

async function newMapping(w: MatrixWorld): Promise<string> {
  const body = { name: unique('Mapping'), type: 'customers', mapping: { name: 'Company Name' } };
  return (await expectStatus<{ id: string }>(await admin(w).post('/api/v1/import-mappings', body), 201)).id;
}

/** Org Admins import everything; reps (`data.import_customers`) customers and contacts of their own. */
const importers = (status: number) => allow({ orgAdmin: status, salesRep: status });

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    row('POST', '/api/v1/imports/preview', importers(200), (w, c) =>
      w.client(c).post('/api/v1/imports/preview', customerForm()),
    ),
    row('POST', '/api/v1/imports', importers(202), (w, c) =>
      w.client(c).post('/api/v1/imports', customerForm({ dryRun: 'true' })),
    ),
    row('GET', '/api/v1/imports', importers(200), get('/api/v1/imports')),
    // The admin's import: a rep sees only their own.
    row(
      'GET',
      '/api/v1/imports/:id',
      allow({ orgAdmin: 200, salesRep: 404 }),
      async (w, c) => w.client(c).get(`/api/v1/imports/${await sharedImport(w)}`),
      { salesRep: 'not_found' },
    ),
    row(
      'GET',
      '/api/v1/imports/:id/errors.csv',
      allow({ orgAdmin: 200, salesRep: 404 }),
      async (w, c) => w.client(c).get(`/api/v1/imports/${await sharedImport(w)}/errors.csv`),
      { salesRep: 'not_found' },
    ),
    row(
      'POST',
      '/api/v1/imports/:id/cancel',
      allow({ orgAdmin: 409, salesRep: 404 }),
      async (w, c) => w.client(c).post(`/api/v1/imports/${await sharedImport(w)}/cancel`),
      { orgAdmin: 'import_finished', salesRep: 'not_found' },
    ),
    row(
      'POST',
      '/api/v1/imports/:id/undo',
      allow({ orgAdmin: 202, salesRep: 404 }),
      // (Only the admin's undo changes the import: the refused callers share one.)
      async (w, c) =>
        w
          .client(c)
          .post(
            `/api/v1/imports/${await (c === 'orgAdmin' ? finishedImport(admin(w)) : sharedImport(w))}/undo`,
          ),
      { salesRep: 'not_found' },
    ),
    row('GET', '/api/v1/import-mappings', importers(200), get('/api/v1/import-mappings')),
    row('POST', '/api/v1/import-mappings', importers(201), (w, c) =>
      w.client(c).post('/api/v1/import-mappings', {
        name: unique('Mapping'),
        type: 'customers',
        mapping: { name: 'Company Name' },
      }),
    ),
    row('DELETE', '/api/v1/import-mappings/:id', importers(204), async (w, c) =>
      w.client(c).delete(`/api/v1/import-mappings/${await newMapping(w)}`),
    ),
  ],
  isolation: {
    lists: ['/api/v1/imports', '/api/v1/import-mappings', '/api/v1/import-mappings?type=customers'],
    probes: [
      ['GET', '/api/v1/imports/<Seeded import>'],
      ['GET', '/api/v1/imports/<Seeded import>/errors.csv'],
      ['POST', '/api/v1/imports/<Seeded import>/cancel'],
      ['POST', '/api/v1/imports/<Seeded import>/undo'],
      ['DELETE', '/api/v1/import-mappings/<Seeded mapping>'],
    ],
    filters: ['/api/v1/audit-logs?entity=import:<Seeded import>'],
    seed: async (tenant) => {
      const importId = await finishedImport(tenant.admin);
      const body = { name: 'Seeded', type: 'customers', mapping: { name: 'Company Name' } };
      const mapping = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/import-mappings', body),
        201,
      );
      return { 'Seeded import': importId, 'Seeded mapping': mapping.id };
    },
    unchanged: async ({ admin: client, ids }) => {
      const job = await json<{ status: string }>(await client.get(`/api/v1/imports/${ids['Seeded import']}`));
      expect(job.status).toBe('completed');
      const { items } = await json<{ items: { id: string }[] }>(await client.get('/api/v1/import-mappings'));
      expect(items.map((item) => item.id)).toContain(ids['Seeded mapping']);
    },
  },
};
