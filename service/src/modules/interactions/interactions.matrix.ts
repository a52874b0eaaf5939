import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  idOf,
  type MatrixWorld,
  type ModuleMatrix,
  row,
} from '../../matrix/matrix.js';

/** Everyone who logs interactions: the rep (their own), the manager (their team's), the Org Admin. */
const workers = (status: number) => allow({ orgAdmin: status, teamManager: status, salesRep: status });

/** An interaction of the rep (in team West): every worker caller may see and change it. */
async function newInteraction(w: MatrixWorld): Promise<{ id: string; version: number }> {
  const body = { type: 'call', summary: 'Intro call', ownerId: w.org.rep.id };
  return expectStatus(await admin(w).post('/api/v1/interactions', body), 201);
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Interactions: interactions.create_own (own), or a manager's or Org Admin's record scope
    row('GET', '/api/v1/interactions', workers(200), get('/api/v1/interactions')),
    row('POST', '/api/v1/interactions', workers(201), (w, c) =>
      w
        .client(c)
        .post('/api/v1/interactions', { type: 'note', summary: 'Met at the fair', outcome: 'positive' }),
    ),
    row('GET', '/api/v1/interactions/:id', workers(200), async (w, c) =>
      w.client(c).get(`/api/v1/interactions/${(await newInteraction(w)).id}`),
    ),
    row('PATCH', '/api/v1/interactions/:id', workers(200), async (w, c) => {
      const interaction = await newInteraction(w);
      return w.client(c).patch(`/api/v1/interactions/${interaction.id}`, {
        version: interaction.version,
        outcome: 'neutral',
      });
    }),
    row('DELETE', '/api/v1/interactions/:id', workers(204), async (w, c) =>
      w.client(c).delete(`/api/v1/interactions/${(await newInteraction(w)).id}`),
    ),
    row('POST', '/api/v1/interactions/:id/restore', workers(200), async (w, c) => {
      const interaction = await newInteraction(w);
      await expectStatus(await admin(w).delete(`/api/v1/interactions/${interaction.id}`), 204);
      return w.client(c).post(`/api/v1/interactions/${interaction.id}/restore`);
    }),
  ],
  isolation: {
    lists: ['/api/v1/interactions', '/api/v1/interactions?deleted=true'],
    probes: [
      ['GET', '/api/v1/interactions/<Interaction>'],
      ['PATCH', '/api/v1/interactions/<Interaction>', { version: 1, summary: 'Hijacked' }],
      ['POST', '/api/v1/interactions/<Trashed interaction>/restore'],
      ['DELETE', '/api/v1/interactions/<Interaction>'],
    ],
    filters: [
      '/api/v1/interactions?contactId=<Contact>',
      '/api/v1/audit-logs?entity=interaction:<Interaction>',
    ],
    // "Interaction": the rep's meeting with "Contact"; "Trashed interaction" in the trash.
    seed: async (tenant) => {
      const interaction = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/interactions', {
          type: 'meeting',
          summary: 'Kick-off',
          ownerId: tenant.org.rep.id,
          participants: { contactIds: [idOf(tenant, 'Contact')], userIds: [tenant.org.rep.id] },
        }),
        201,
      );
      const trashed = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/interactions', { type: 'note', summary: 'Scratch' }),
        201,
      );
      await expectStatus(await tenant.admin.delete(`/api/v1/interactions/${trashed.id}`), 204);
      return { Interaction: interaction.id, 'Trashed interaction': trashed.id };
    },
    unchanged: async (tenant) => {
      const interaction = await json<{ summary: string; version: number; deletedAt: string | null }>(
        await tenant.admin.get(`/api/v1/interactions/${idOf(tenant, 'Interaction')}`),
      );
      expect(interaction).toMatchObject({ summary: 'Kick-off', version: 1, deletedAt: null });
      const trash = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/interactions?deleted=true'),
      );
      expect(trash.items.map((item) => item.id)).toEqual([idOf(tenant, 'Trashed interaction')]);
    },
  },
};
