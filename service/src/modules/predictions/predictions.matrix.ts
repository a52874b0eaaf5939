import { expect } from '@jest/globals';
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
  row,
  unique,
} from '../../matrix/matrix.js';
import type { TestClient } from '../../test/http-client.js';

/** A fresh deal of the rep's at a new customer of the rep's: the rep, their manager and the admin see it. */
async function newDeal(org: MatrixWorld['org'], client: TestClient) {
  const customer = await newCustomer(org, client);
  const body = { name: unique('Scored deal'), customerId: customer.id, ownerId: org.rep.id, amount: '12000' };
  const deal = await expectStatus<{ id: string }>(await client.post('/api/v1/opportunities', body), 201);
  return { ...deal, customerId: customer.id };
}

async function newCustomer(org: MatrixWorld['org'], client: TestClient) {
  return expectStatus<{ id: string }>(
    await client.post('/api/v1/customers', { name: unique('Scored customer'), ownerId: org.rep.id }),
    201,
  );
}

/** Deal workers, and anyone with a personal dashboard (the custom role: their own, empty, figures). */
const ANALYSTS = { orgAdmin: 200, teamManager: 200, salesRep: 200, customRole: 200 } as const;

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    row(
      'GET',
      '/api/v1/opportunities/:id/prediction',
      allow({ orgAdmin: 200, teamManager: 200, salesRep: 200 }),
      async (w, c) =>
        w.client(c).get(`/api/v1/opportunities/${(await newDeal(w.org, admin(w))).id}/prediction`),
    ),
    row('POST', '/api/v1/predictions/train', allow({ orgAdmin: 202 }), (w, c) =>
      w.client(c).post('/api/v1/predictions/train', {}),
    ),
    row(
      'GET',
      '/api/v1/predictions/models',
      allow({ orgAdmin: 200, teamManager: 200 }),
      get('/api/v1/predictions/models'),
    ),
    row('GET', '/api/v1/forecast', allow(ANALYSTS), get('/api/v1/forecast')),
    row(
      'GET',
      '/api/v1/customers/:id/churn-risk',
      allow({ orgAdmin: 200, teamManager: 200, salesRep: 200 }),
      async (w, c) =>
        w.client(c).get(`/api/v1/customers/${(await newCustomer(w.org, admin(w))).id}/churn-risk`),
    ),
    row(
      'GET',
      '/api/v1/insights/churn-risks',
      allow({ orgAdmin: 200, teamManager: 200, salesRep: 200 }),
      get('/api/v1/insights/churn-risks'),
    ),
    row('GET', '/api/v1/insights/summary', allow(ANALYSTS), get('/api/v1/insights/summary')),
  ],
  isolation: {
    lists: [
      '/api/v1/predictions/models',
      '/api/v1/forecast',
      '/api/v1/insights/summary?period=quarter',
      '/api/v1/insights/churn-risks',
    ],
    probes: [
      ['GET', '/api/v1/opportunities/<Scored deal>/prediction'],
      ['GET', '/api/v1/customers/<Scored customer>/churn-risk'],
      ['GET', '/api/v1/forecast?teamId=<West>'],
      ['GET', '/api/v1/insights/summary?teamId=<West>'],
      ['GET', '/api/v1/insights/summary?userId=<rep>'],
      ['GET', '/api/v1/insights/churn-risks?teamId=<West>'],
      ['GET', '/api/v1/insights/churn-risks?userId=<rep>'],
    ],
    filters: [],
    seed: async (tenant: IsolationTenant) => {
      const deal = await newDeal(tenant.org, tenant.admin);
      await expectStatus(await tenant.admin.post('/api/v1/predictions/train', {}), 202);
      return { 'Scored deal': deal.id, 'Scored customer': deal.customerId };
    },
    unchanged: async (tenant) => {
      const prediction = await json<{ opportunityId: string; probability: number }>(
        await tenant.admin.get(`/api/v1/opportunities/${idOf(tenant, 'Scored deal')}/prediction`),
      );
      expect(prediction.opportunityId).toBe(idOf(tenant, 'Scored deal'));
      expect(prediction.probability).toBeGreaterThan(0);
    },
  },
};
