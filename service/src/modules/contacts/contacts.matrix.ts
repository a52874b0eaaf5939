import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  type MatrixWorld,
  type ModuleMatrix,
  row,
  unique,
} from '../../matrix/matrix.js';

/** Everyone who works on contacts: the rep (their own), the manager (their team's), the Org Admin. */
const workers = (status: number) => allow({ orgAdmin: status, teamManager: status, salesRep: status });

/** A contact of the rep (in team West): every worker caller may see and change it. */
export async function newContact(w: MatrixWorld): Promise<{ id: string; version: number }> {
  const body = { name: unique('Contact'), ownerId: w.org.rep.id };
  return expectStatus(await admin(w).post('/api/v1/contacts', body), 201);
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Contacts: customers.manage_assigned (own), or a manager's or Org Admin's record scope
    row('GET', '/api/v1/contacts', workers(200), get('/api/v1/contacts')),
    row('POST', '/api/v1/contacts', workers(201), (w, c) =>
      w.client(c).post('/api/v1/contacts', { name: unique('Contact'), emails: ['pat@example.test'] }),
    ),
    row('POST', '/api/v1/contacts/merge', workers(200), async (w, c) => {
      const [target, source] = [await newContact(w), await newContact(w)];
      return w.client(c).post('/api/v1/contacts/merge', { targetId: target.id, sourceIds: [source.id] });
    }),
    row('GET', '/api/v1/contacts/:id', workers(200), async (w, c) =>
      w.client(c).get(`/api/v1/contacts/${(await newContact(w)).id}`),
    ),
    row('PATCH', '/api/v1/contacts/:id', workers(200), async (w, c) => {
      const contact = await newContact(w);
      return w.client(c).patch(`/api/v1/contacts/${contact.id}`, { version: contact.version, title: 'CTO' });
    }),
    row('DELETE', '/api/v1/contacts/:id', workers(204), async (w, c) =>
      w.client(c).delete(`/api/v1/contacts/${(await newContact(w)).id}`),
    ),
    row('POST', '/api/v1/contacts/:id/restore', workers(200), async (w, c) => {
      const contact = await newContact(w);
      await expectStatus(await admin(w).delete(`/api/v1/contacts/${contact.id}`), 204);
      return w.client(c).post(`/api/v1/contacts/${contact.id}/restore`);
    }),
  ],
  isolation: {
    lists: ['/api/v1/contacts', '/api/v1/contacts?deleted=true'],
    probes: [
      ['GET', '/api/v1/contacts/<Contact>'],
      ['PATCH', '/api/v1/contacts/<Contact>', { version: 1, name: 'Hijacked' }],
      ['POST', '/api/v1/contacts/<Trashed contact>/restore'],
      ['DELETE', '/api/v1/contacts/<Contact>'],
    ],
    filters: ['/api/v1/audit-logs?entity=contact:<Contact>'],
    // "Contact" of the rep, and "Trashed contact" in the trash.
    seed: async (tenant) => {
      const contact = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/contacts', {
          name: 'Dana Contact',
          emails: ['dana@example.test'],
          ownerId: tenant.org.rep.id,
        }),
        201,
      );
      const trashed = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/contacts', { name: 'Trashed Contact' }),
        201,
      );
      await expectStatus(await tenant.admin.delete(`/api/v1/contacts/${trashed.id}`), 204);
      return { Contact: contact.id, 'Trashed contact': trashed.id };
    },
    unchanged: async (tenant) => {
      const contact = await json<{ name: string; version: number; deletedAt: string | null }>(
        await tenant.admin.get(`/api/v1/contacts/${tenant.ids.Contact}`),
      );
      expect(contact).toMatchObject({ name: 'Dana Contact', version: 1, deletedAt: null });
      const trash = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/contacts?deleted=true'),
      );
      expect(trash.items.map((item) => item.id)).toEqual([tenant.ids['Trashed contact']]);
    },
  },
};
