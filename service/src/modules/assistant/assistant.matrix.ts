import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  expectStatus,
  idOf,
  type IsolationTenant,
  type ModuleMatrix,
  row,
  signedIn,
  NO_TENANT,
} from '../../matrix/matrix.js';

/** Every member talks to the assistant (what a message may change is the member's own permissions); platform staff are in no organization. */
const MEMBERS = signedIn(200, { superAdmin: 409, support: 409 });

export const matrix: ModuleMatrix = {
  routes: [
    row(
      'POST',
      '/api/v1/assistant/messages',
      MEMBERS,
      (w, c) => w.client(c).post('/api/v1/assistant/messages', { text: "what's due this week?" }),
      NO_TENANT,
    ),
    row(
      'GET',
      '/api/v1/assistant/turns',
      MEMBERS,
      (w, c) => w.client(c).get('/api/v1/assistant/turns'),
      NO_TENANT,
    ),
    // A turn is its author's: nobody else's Undo finds it (404), the author's own is the 200.
    row(
      'POST',
      '/api/v1/assistant/actions',
      signedIn(404, { orgAdmin: 200, superAdmin: 409, support: 409 }),
      async (w, c) => {
        const reply = await expectStatus<{ turnId: string }>(
          await admin(w).post('/api/v1/assistant/messages', { text: 'remind me to send the deck tomorrow' }),
          200,
        );
        return w.client(c).post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' });
      },
      { ...NO_TENANT, teamManager: 'not_found', salesRep: 'not_found', customRole: 'not_found' },
    ),
  ],
  isolation: {
    lists: ['/api/v1/assistant/turns'],
    probes: [['POST', '/api/v1/assistant/actions', { turnId: '<Assistant turn>', action: 'undo' }]],
    filters: [],
    seed: async (tenant: IsolationTenant) => {
      const reply = await expectStatus<{ turnId: string }>(
        await tenant.admin.post('/api/v1/assistant/messages', {
          text: 'remind me to send the deck tomorrow',
        }),
        200,
      );
      return { 'Assistant turn': reply.turnId };
    },
    unchanged: async (tenant) => {
      const turns = await json<{ items: { id: string; status: string }[] }>(
        await tenant.admin.get('/api/v1/assistant/turns'),
      );
      const seeded = turns.items.find((turn) => turn.id === idOf(tenant, 'Assistant turn'));
      expect(seeded?.status).toBe('done');
    },
  },
};
