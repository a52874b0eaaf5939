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

/** Who reads goals: reps (and a custom role with only `dashboard.view_personal`), managers, Org Admins. */
const readers = (status: number, customRole = status) =>
  allow({ orgAdmin: status, teamManager: status, salesRep: status, customRole });
/** Who sets goals: managers (`team.set_goals`) and Org Admins. */
const setters = (status: number) => allow({ orgAdmin: status, teamManager: status });

/** A goal of the rep (in team West, managed by the manager), set by the admin. */
async function newGoal(w: MatrixWorld): Promise<{ id: string; version: number }> {
  const body = {
    name: 'Deals this month',
    metric: 'deals_won',
    target: 5,
    period: 'month',
    ownerUserId: w.org.rep.id,
  };
  return expectStatus(await admin(w).post('/api/v1/goals', body), 201);
}

/** A reader whose role opens goals but who is not the rep's manager sees no rep's goal: 404. */
const hidden = { customRole: 'not_found' } as const;

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    row('GET', '/api/v1/goals', readers(200), get('/api/v1/goals')),
    row('POST', '/api/v1/goals', setters(201), (w, c) =>
      w.client(c).post('/api/v1/goals', {
        name: 'Calls this week',
        metric: 'interactions_logged',
        interactionType: 'call',
        target: 20,
        period: 'week',
        ownerUserId: w.org.rep.id,
      }),
    ),
    row(
      'GET',
      '/api/v1/goals/rankings',
      readers(200),
      get('/api/v1/goals/rankings?period=quarter&metric=revenue_won'),
    ),
    row(
      'GET',
      '/api/v1/goals/:id',
      readers(200, 404),
      async (w, c) => w.client(c).get(`/api/v1/goals/${(await newGoal(w)).id}`),
      hidden,
    ),
    row(
      'GET',
      '/api/v1/goals/:id/history',
      readers(200, 404),
      async (w, c) => w.client(c).get(`/api/v1/goals/${(await newGoal(w)).id}/history`),
      hidden,
    ),
    row('PATCH', '/api/v1/goals/:id', setters(200), async (w, c) => {
      const goal = await newGoal(w);
      return w.client(c).patch(`/api/v1/goals/${goal.id}`, { version: goal.version, target: 6 });
    }),
    row('DELETE', '/api/v1/goals/:id', setters(204), async (w, c) =>
      w.client(c).delete(`/api/v1/goals/${(await newGoal(w)).id}`),
    ),
  ],
  isolation: {
    lists: ['/api/v1/goals', '/api/v1/goals/rankings?period=year&metric=deals_won'],
    probes: [
      ['GET', '/api/v1/goals/<Goal>'],
      ['GET', '/api/v1/goals/<Goal>/history'],
      ['PATCH', '/api/v1/goals/<Goal>', { version: 1, name: 'Hijacked' }],
      ['DELETE', '/api/v1/goals/<Goal>'],
    ],
    filters: [
      '/api/v1/goals?ownerUserId=<rep>',
      '/api/v1/goals?ownerTeamId=<West>',
      '/api/v1/goals/rankings?teamId=<West>',
      '/api/v1/audit-logs?entity=goal:<Goal>',
    ],
    // "Goal": the rep's yearly goal; "Team goal": team West's.
    seed: async (tenant) => {
      const goal = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/goals', {
          name: 'Revenue this year',
          metric: 'revenue_won',
          target: '100000',
          period: 'year',
          ownerUserId: tenant.org.rep.id,
        }),
        201,
      );
      const teamGoal = await expectStatus<{ id: string }>(
        await tenant.admin.post('/api/v1/goals', {
          name: 'West deals',
          metric: 'deals_won',
          target: 10,
          period: 'quarter',
          ownerTeamId: idOf(tenant, 'West'),
        }),
        201,
      );
      return { Goal: goal.id, 'Team goal': teamGoal.id };
    },
    unchanged: async (tenant) => {
      const goal = await json<{ name: string; version: number; target: string }>(
        await tenant.admin.get(`/api/v1/goals/${idOf(tenant, 'Goal')}`),
      );
      expect(goal).toMatchObject({ name: 'Revenue this year', version: 1, target: '100000.00' });
      const teamGoal = await tenant.admin.get(`/api/v1/goals/${idOf(tenant, 'Team goal')}`);
      expect(teamGoal.status).toBe(200);
    },
  },
};
