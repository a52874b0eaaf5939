import { expect } from '@jest/globals';
import { newId } from '../../core/db/columns.js';
import { customers } from '../../core/db/schema.js';
import {
  allow,
  expectStatus,
  idOf,
  type IsolationTenant,
  type MatrixWorld,
  type ModuleMatrix,
  row,
  unique,
} from '../../matrix/matrix.js';
import { json, type TestClient } from '../../test/http-client.js';
import type { TestApp } from '../../test/test-app.js';

/**
 * A customer owned by `ownerId`, written straight into the table: the documents and search rows need
 * one whatever state the customers module is in.
 */
export async function insertCustomer(
  app: TestApp,
  input: { tenantId: string; ownerId: string; name: string },
): Promise<string> {
  const id = newId();
  await app.database.db.transaction({ tenantId: input.tenantId }, (tx) =>
    tx.insert(customers).values({ tenantId: input.tenantId, id, name: input.name, ownerId: input.ownerId }),
  );
  return id;
}

function uploadForm(parentId: string, content = 'Matrix proposal') {
  const form = new FormData();
  form.append('parentType', 'customer');
  form.append('parentId', parentId);
  form.append('file', new Blob([content], { type: 'text/plain' }), 'proposal.txt');
  return form;
}

export const uploadTo = (client: TestClient, parentId: string, content?: string) =>
  client.request('POST', '/api/v1/documents', uploadForm(parentId, content));

/** A customer of the row's organization owned by its rep (so admin, manager and rep all see it). */
const repCustomer = (w: MatrixWorld) =>
  insertCustomer(w.app, { tenantId: w.org.tenantId, ownerId: w.org.rep.id, name: unique('Customer') });

async function newDocument(w: MatrixWorld) {
  const customerId = await repCustomer(w);
  const document = await expectStatus<{ id: string }>(await uploadTo(w.client('orgAdmin'), customerId), 201);
  return { customerId, documentId: document.id };
}

const PAPER_TRAIL_PROPOSAL = '{"proposal": "The Paper Trail"}';

const workers = allow({ orgAdmin: 200, teamManager: 200, salesRep: 200 });

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Documents: the work on their record's kind (customers.manage_assigned, ...); then its visibility
    row(
      'POST',
      '/api/v1/documents',
      allow({ orgAdmin: 201, teamManager: 201, salesRep: 201 }),
      async (w, c) => uploadTo(w.client(c), await repCustomer(w)),
    ),
    row('GET', '/api/v1/documents', workers, async (w, c) => {
      const { customerId } = await newDocument(w);
      return w.client(c).get(`/api/v1/documents?parentType=customer&parentId=${customerId}`);
    }),
    row('GET', '/api/v1/documents/:id/content', workers, async (w, c) =>
      w.client(c).get(`/api/v1/documents/${(await newDocument(w)).documentId}/content`),
    ),
    row(
      'DELETE',
      '/api/v1/documents/:id',
      allow({ orgAdmin: 204, teamManager: 204, salesRep: 204 }),
      async (w, c) => w.client(c).delete(`/api/v1/documents/${(await newDocument(w)).documentId}`),
    ),
  ],
  isolation: {
    // Documents are listed per record only: their ids reach the lists through the audit log.
    lists: [],
    probes: [
      ['GET', '/api/v1/documents?parentType=customer&parentId=<Paper Trail>'],
      ['GET', '/api/v1/documents/<Paper Trail proposal>/content'],
      ['GET', '/api/v1/documents/<Paper Trail proposal>/content?version=1'],
      ['DELETE', '/api/v1/documents/<Paper Trail proposal>'],
    ],
    // Customer "Paper Trail" (the rep's) with the proposal the admin uploaded to it. Its content is
    // JSON because the suite reads every answer as JSON, downloads included.
    seed: async (tenant: IsolationTenant) => {
      const customerId = await insertCustomer(tenant.app, {
        tenantId: tenant.org.tenantId,
        ownerId: idOf(tenant, 'rep'),
        name: 'Paper Trail',
      });
      const document = await expectStatus<{ id: string }>(
        await uploadTo(tenant.admin, customerId, PAPER_TRAIL_PROPOSAL),
        201,
      );
      return { 'Paper Trail': customerId, 'Paper Trail proposal': document.id };
    },
    unchanged: async (tenant) => {
      const listed = await json<{ items: { id: string; currentVersion: number }[] }>(
        await tenant.admin.get(
          `/api/v1/documents?parentType=customer&parentId=${idOf(tenant, 'Paper Trail')}`,
        ),
      );
      expect(listed.items).toEqual([
        expect.objectContaining({ id: idOf(tenant, 'Paper Trail proposal'), currentVersion: 1 }),
      ]);
      const content = await tenant.admin.get(
        `/api/v1/documents/${idOf(tenant, 'Paper Trail proposal')}/content`,
      );
      expect(await content.text()).toBe(PAPER_TRAIL_PROPOSAL);
    },
  },
};
