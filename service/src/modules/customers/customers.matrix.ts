import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  idOf,
  type MatrixWorld,
  type ModuleMatrix,
  row,
  unique,
} from '../../matrix/matrix.js';

const WORKERS = { orgAdmin: 200, teamManager: 200, salesRep: 200 };

/** A customer of the matrix's rep (so the rep, their manager and the Org Admin all may work on it). */
export async function newCustomer(w: MatrixWorld, ownerId = w.org.rep.id) {
  return expectStatus<{ id: string; version: number }>(
    await admin(w).post('/api/v1/customers', { name: unique('Customer'), ownerId }),
    201,
  );
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    row('GET', '/api/v1/customers', allow(WORKERS), (w, c) => w.client(c).get('/api/v1/customers')),
    row('POST', '/api/v1/customers', allow({ orgAdmin: 201, teamManager: 201, salesRep: 201 }), (w, c) =>
      w.client(c).post('/api/v1/customers', { name: unique('Customer') }),
    ),
    row('GET', '/api/v1/customers/:id', allow(WORKERS), async (w, c) =>
      w.client(c).get(`/api/v1/customers/${(await newCustomer(w)).id}`),
    ),
    row('PATCH', '/api/v1/customers/:id', allow(WORKERS), async (w, c) => {
      const customer = await newCustomer(w);
      return w
        .client(c)
        .patch(`/api/v1/customers/${customer.id}`, { version: customer.version, status: 'active' });
    }),
    row(
      'DELETE',
      '/api/v1/customers/:id',
      allow({ orgAdmin: 204, teamManager: 204, salesRep: 204 }),
      async (w, c) => w.client(c).delete(`/api/v1/customers/${(await newCustomer(w)).id}`),
    ),
    row('POST', '/api/v1/customers/:id/restore', allow(WORKERS), async (w, c) => {
      const customer = await newCustomer(w);
      await expectStatus(await admin(w).delete(`/api/v1/customers/${customer.id}`), 204);
      return w.client(c).post(`/api/v1/customers/${customer.id}/restore`, {});
    }),
    row('GET', '/api/v1/customers/:id/timeline', allow(WORKERS), async (w, c) =>
      w.client(c).get(`/api/v1/customers/${(await newCustomer(w)).id}/timeline`),
    ),
    row('POST', '/api/v1/customers/merge', allow(WORKERS), async (w, c) => {
      const [target, source] = [await newCustomer(w), await newCustomer(w)];
      return w.client(c).post('/api/v1/customers/merge', { targetId: target.id, sourceIds: [source.id] });
    }),
  ],
  isolation: {
    lists: ['/api/v1/customers', '/api/v1/customers?deleted=true', '/api/v1/customers?q=globex'],
    probes: [
      ['GET', '/api/v1/customers/<Globex>'],
      ['GET', '/api/v1/customers/<Globex>/timeline'],
      ['PATCH', '/api/v1/customers/<Globex>', { version: 1, name: 'Hijacked' }],
      ['POST', '/api/v1/customers/<Trashed Co>/restore', {}],
      ['DELETE', '/api/v1/customers/<Globex>'],
    ],
    filters: ['/api/v1/audit-logs?entity=customer:<Globex>'],
    // "Globex", owned by the rep, and "Trashed Co" in the trash.
    seed: async (tenant) => {
      const create = async (name: string) =>
        expectStatus<{ id: string }>(
          await tenant.admin.post('/api/v1/customers', { name, ownerId: idOf(tenant, 'rep') }),
          201,
        );
      const globex = await create('Globex');
      const trashed = await create('Trashed Co');
      await expectStatus(await tenant.admin.delete(`/api/v1/customers/${trashed.id}`), 204);
      return { Globex: globex.id, 'Trashed Co': trashed.id };
    },
    unchanged: async (tenant) => {
      const globex = await json<{ name: string; version: number; deletedAt: string | null }>(
        await tenant.admin.get(`/api/v1/customers/${idOf(tenant, 'Globex')}`),
      );
      expect(globex).toMatchObject({ name: 'Globex', version: 1, deletedAt: null });
      const trash = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/customers?deleted=true'),
      );
      expect(trash.items.map((item) => item.id)).toContain(idOf(tenant, 'Trashed Co'));
    },
  },
};
