import { expect } from '@jest/globals';
import type { Database } from '../../core/db/database.js';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  expectStatus,
  get,
  idOf,
  type IsolationTenant,
  type MatrixWorld,
  type ModuleMatrix,
  NO_TENANT,
  row,
  signedIn,
  unique,
} from '../../matrix/matrix.js';
import { defaultPipelineOf, insertCustomer, type PipelineFixture } from './opportunities.fixtures.js';

/** Who works on deals: reps (their own), managers (their team's), Org Admins (all). */
const WORKERS = { orgAdmin: 200, teamManager: 200, salesRep: 200 } as const;

interface DealSetting {
  pipeline: PipelineFixture;
  /** A customer of the rep's, so every worker sees it. */
  customerId: string;
}

const settings = new Map<string, Promise<DealSetting>>();

/** The organization's default pipeline and a customer of its rep, made once per organization. */
function dealSetting(db: Database, org: { tenantId: string; rep: { id: string } }): Promise<DealSetting> {
  let setting = settings.get(org.tenantId);
  if (!setting) {
    setting = (async () => ({
      pipeline: await defaultPipelineOf(db, org.tenantId),
      customerId: await insertCustomer(db, org.tenantId, { name: 'Deal customer', ownerId: org.rep.id }),
    }))();
    settings.set(org.tenantId, setting);
  }
  return setting;
}

/** A fresh deal of the rep's (so the rep, their manager and the admin all work on it). */
async function newDeal(w: MatrixWorld) {
  const { customerId } = await dealSetting(w.app.database.db, w.org);
  const body = { name: unique('Deal'), customerId, ownerId: w.org.rep.id, amount: '1000' };
  return expectStatus<{ id: string; version: number }>(
    await admin(w).post('/api/v1/opportunities', body),
    201,
  );
}

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Opportunities: opportunities.manage_assigned (own), manager and admin scope permissions (theirs).
    row('GET', '/api/v1/opportunities', allow(WORKERS), get('/api/v1/opportunities')),
    row(
      'POST',
      '/api/v1/opportunities',
      allow({ ...WORKERS, orgAdmin: 201, teamManager: 201, salesRep: 201 }),
      async (w, c) => {
        const { customerId } = await dealSetting(w.app.database.db, w.org);
        return w.client(c).post('/api/v1/opportunities', { name: unique('Deal'), customerId });
      },
    ),
    row('GET', '/api/v1/opportunities/summary', allow(WORKERS), async (w, c) => {
      await dealSetting(w.app.database.db, w.org);
      return w.client(c).get('/api/v1/opportunities/summary');
    }),
    row('GET', '/api/v1/opportunities/:id', allow(WORKERS), async (w, c) =>
      w.client(c).get(`/api/v1/opportunities/${(await newDeal(w)).id}`),
    ),
    row('PATCH', '/api/v1/opportunities/:id', allow(WORKERS), async (w, c) => {
      const deal = await newDeal(w);
      return w
        .client(c)
        .patch(`/api/v1/opportunities/${deal.id}`, { version: deal.version, nextStep: 'Call' });
    }),
    row(
      'DELETE',
      '/api/v1/opportunities/:id',
      allow({ orgAdmin: 204, teamManager: 204, salesRep: 204 }),
      async (w, c) => w.client(c).delete(`/api/v1/opportunities/${(await newDeal(w)).id}`),
    ),
    row('POST', '/api/v1/opportunities/:id/restore', allow(WORKERS), async (w, c) => {
      const deal = await newDeal(w);
      await expectStatus(await admin(w).delete(`/api/v1/opportunities/${deal.id}`), 204);
      return w.client(c).post(`/api/v1/opportunities/${deal.id}/restore`);
    }),
    row('POST', '/api/v1/opportunities/:id/stage', allow(WORKERS), async (w, c) => {
      const deal = await newDeal(w);
      const { pipeline } = await dealSetting(w.app.database.db, w.org);
      const body = { version: deal.version, stageId: pipeline.open[1] };
      return w.client(c).post(`/api/v1/opportunities/${deal.id}/stage`, body);
    }),
    row('GET', '/api/v1/opportunities/:id/history', allow(WORKERS), async (w, c) =>
      w.client(c).get(`/api/v1/opportunities/${(await newDeal(w)).id}/history`),
    ),
    // Currency settings: every member reads them; org.configure_settings changes them.
    row(
      'GET',
      '/api/v1/currency-settings',
      signedIn(200, { superAdmin: 409, support: 409 }),
      get('/api/v1/currency-settings'),
      NO_TENANT,
    ),
    row('PUT', '/api/v1/currency-settings', allow({ orgAdmin: 200 }), async (w, c) => {
      const current = await expectStatus<{ version: number; baseCurrency: string; rates: object }>(
        await admin(w).get('/api/v1/currency-settings'),
        200,
      );
      const body = { version: current.version, baseCurrency: current.baseCurrency, rates: current.rates };
      return w.client(c).request('PUT', '/api/v1/currency-settings', body);
    }),
  ],
  isolation: {
    lists: ['/api/v1/opportunities', '/api/v1/opportunities?deleted=true', '/api/v1/opportunities/summary'],
    probes: [
      ['GET', '/api/v1/opportunities/<Renewal deal>'],
      ['GET', '/api/v1/opportunities/<Renewal deal>/history'],
      ['PATCH', '/api/v1/opportunities/<Renewal deal>', { version: 1, name: 'Hijacked' }],
      ['POST', '/api/v1/opportunities/<Renewal deal>/stage', { version: 1, stageId: "<B's Proposal stage>" }],
      ['POST', '/api/v1/opportunities/<Trashed deal>/restore'],
      ['DELETE', '/api/v1/opportunities/<Renewal deal>'],
    ],
    filters: [
      '/api/v1/opportunities?customerId=<Deal customer>',
      '/api/v1/opportunities?ownerId=<rep>',
      '/api/v1/opportunities?deleted=true&customerId=<Deal customer>',
    ],
    // A live deal of the rep's and one in the trash, at a customer of the rep's, in the default pipeline.
    seed: async (tenant: IsolationTenant) => {
      const { pipeline, customerId } = await dealSetting(tenant.app.database.db, tenant.org);
      const create = async (name: string) =>
        expectStatus<{ id: string }>(
          await tenant.admin.post('/api/v1/opportunities', {
            name,
            customerId,
            ownerId: idOf(tenant, 'rep'),
            amount: '1000',
          }),
          201,
        );
      const renewal = await create('Renewal deal');
      const trashed = await create('Trashed deal');
      await expectStatus(await tenant.admin.delete(`/api/v1/opportunities/${trashed.id}`), 204);
      return {
        'Renewal deal': renewal.id,
        'Trashed deal': trashed.id,
        'Deal customer': customerId,
        'Proposal stage': pipeline.open[2]!,
      };
    },
    unchanged: async (tenant) => {
      const renewal = await json<{ name: string; version: number; amount: string; stage: { id: string } }>(
        await tenant.admin.get(`/api/v1/opportunities/${idOf(tenant, 'Renewal deal')}`),
      );
      expect(renewal).toMatchObject({ name: 'Renewal deal', version: 1, amount: '1000.00' });
      const trash = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/opportunities?deleted=true'),
      );
      expect(trash.items.map((deal) => deal.id)).toContain(idOf(tenant, 'Trashed deal'));
    },
  },
};
