import { beforeAll, describe, expect, it } from '@jest/globals';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import {
  defaultPipelineOf,
  insertCustomer,
  type PipelineFixture,
} from '../opportunities/opportunities.fixtures.js';
import type { Analytics } from './analytics.commands.js';
import { periodsOf } from './analytics.commands.js';

describe('analytics', () => {
  const suite = useOrganizationApp({ organizationName: 'Analytic Corp' });
  let sales: PipelineFixture;
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;
  const today = new Date().toISOString().slice(0, 10);

  const deal = async (client: TestClient, body: Record<string, unknown>) => {
    const response = await client.post('/api/v1/opportunities', body);
    expect(response.status).toBe(201);
    return json<{ id: string; version: number }>(response);
  };
  const move = async (client: TestClient, target: { id: string; version: number }, stageId: string) => {
    const response = await client.post(`/api/v1/opportunities/${target.id}/stage`, {
      version: target.version,
      stageId,
      ...(stageId === sales.lost && { lostReason: 'Budget' }),
    });
    expect(response.status).toBe(200);
    return json<{ id: string; version: number }>(response);
  };
  const report = async (client: TestClient, query = '') => {
    const response = await client.get(`/api/v1/analytics${query}`);
    expect(response.status).toBe(200);
    return json<Analytics>(response);
  };

  beforeAll(async () => {
    sales = await defaultPipelineOf(suite.app.database.db, suite.org.tenantId);
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
    const db = suite.app.database.db;
    const acme = await insertCustomer(db, suite.org.tenantId, { name: 'Acme', ownerId: suite.org.rep.id });
    const other = await insertCustomer(db, suite.org.tenantId, {
      name: 'Other',
      ownerId: suite.org.otherRep.id,
    });

    // The rep: one deal won through the second stage, one lost from the first, two open.
    let won = await deal(rep, { name: 'Won deal', customerId: acme, amount: '10000' });
    won = await move(rep, won, sales.open[1]!);
    await move(rep, won, sales.won);
    await move(rep, await deal(rep, { name: 'Lost deal', customerId: acme, amount: '4000' }), sales.lost);
    await deal(rep, { name: 'Open early', customerId: acme, amount: '1000' });
    await deal(rep, { name: 'Open later', customerId: acme, amount: '2500', stageId: sales.open[2] });
    for (const type of ['call', 'call', 'meeting'])
      expect((await rep.post('/api/v1/interactions', { type, customerId: acme })).status).toBe(201);
    // Another rep, outside the manager's team: a big open deal and an email.
    await deal(otherRep, { name: 'Theirs', customerId: other, amount: '50000' });
    expect((await otherRep.post('/api/v1/interactions', { type: 'email', customerId: other })).status).toBe(
      201,
    );
    await suite.app.drainEvents();
  });

  it('gives a rep their own pipeline, conversion, win rate and activity, in the base currency', async () => {
    const mine = await report(rep);
    expect(mine).toMatchObject({ interval: 'month', currency: 'USD', scope: { kind: 'user' } });
    expect(mine.to > today).toBe(true);

    const byStage = Object.fromEntries(mine.pipeline.map((stage) => [stage.stageId, stage]));
    expect(byStage[sales.open[0]!]).toMatchObject({ count: 1, amount: 1000 });
    expect(byStage[sales.open[2]!]).toMatchObject({ count: 1, amount: 2500 });
    expect(byStage[sales.open[1]!]).toMatchObject({ count: 0, amount: 0 });

    // Four deals created this month; all reached the first stage, the won one and the later open one the
    // second, and so on; one won.
    const steps = mine.conversion.find((entry) => entry.pipelineId === sales.pipelineId)!.steps;
    expect(steps.map((step) => step.reached)).toEqual([4, 2, 2, ...steps.slice(3, -1).map(() => 1), 1]);
    expect(steps[0]!.rate).toBeNull();
    expect(steps[1]!.rate).toBe(0.5);
    expect(steps.at(-1)).toMatchObject({ stageId: null, stageName: 'Won', reached: 1 });

    const thisPeriod = mine.periods.at(-1)!;
    expect(thisPeriod).toMatchObject({
      created: 4,
      createdAmount: 17500,
      won: 1,
      wonAmount: 10000,
      lost: 1,
      lostAmount: 4000,
      winRate: 0.5,
    });
    expect(thisPeriod.cycleDays).toBeGreaterThanOrEqual(0);
    expect(mine.cycle.won).toBe(1);
    expect(mine.periods).toHaveLength(periodsOf(new Date(mine.from), new Date(mine.to), 'month').length);

    expect(mine.activityByType).toEqual([
      { type: 'call', count: 2 },
      { type: 'meeting', count: 1 },
    ]);
    expect(mine.activityByRep).toEqual([
      { userId: suite.org.rep.id, name: suite.org.rep.name, total: 3, byType: { call: 2, meeting: 1 } },
    ]);
    expect(mine.health).toMatchObject({ open: 2, openAmount: 3500, stale: 0, overdue: 0 });
    expect(mine.health.bands.reduce((sum, band) => sum + band.count, 0)).toBe(2);
    expect(mine.health.weightedAmount).toBeGreaterThan(0);
    expect(mine.health.weightedAmount).toBeLessThan(3500);
  });

  it('gives managers their teams, Org Admins everyone, and narrows to a team or member', async () => {
    const team = await report(manager);
    expect(team.scope.kind).toBe('team');
    expect(team.health.open).toBe(2);
    expect(team.activityByRep.map((entry) => entry.userId)).toEqual([suite.org.rep.id]);

    const all = await report(suite.admin, '?interval=week');
    expect(all.scope.kind).toBe('organization');
    expect(all.health).toMatchObject({ open: 3, openAmount: 53500 });
    expect(all.periods.every((period) => new Date(`${period.period}T00:00:00Z`).getUTCDay() === 1)).toBe(
      true,
    );
    expect(all.activityByRep.map((entry) => entry.total)).toEqual([3, 1]);

    const west = await report(suite.admin, `?teamId=${suite.org.teamId}`);
    expect(west.health.open).toBe(2);
    const theirs = await report(suite.admin, `?userId=${suite.org.otherRep.id}`);
    expect(theirs).toMatchObject({ scope: { kind: 'user', name: suite.org.otherRep.name } });
    expect(theirs.health.openAmount).toBe(50000);
  });

  it('refuses what is outside the caller’s scope and a bad range, naming the field', async () => {
    expect((await rep.get(`/api/v1/analytics?userId=${suite.org.otherRep.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/analytics?userId=${suite.org.otherRep.id}`)).status).toBe(404);
    expect((await rep.get(`/api/v1/analytics?teamId=${crypto.randomUUID()}`)).status).toBe(404);
    const backwards = await rep.get('/api/v1/analytics?from=2026-05-01&to=2026-04-01');
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(await json(backwards))).toContain('query.to');
    const tooLong = await rep.get('/api/v1/analytics?from=2020-01-01&to=2026-01-01');
    expect(tooLong.status).toBe(422);
    expect((await rep.get('/api/v1/analytics?interval=day')).status).toBe(422);
  });
});
