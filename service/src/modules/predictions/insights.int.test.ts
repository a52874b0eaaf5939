import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import {
  defaultPipelineOf,
  insertCustomer,
  type PipelineFixture,
} from '../opportunities/opportunities.fixtures.js';

const DAY = 86_400_000;

interface Forecast {
  currency: string;
  simulations: number;
  openDeals: number;
  periods: { start: string; committed: number; expected: number; p10: number; p50: number; p90: number }[];
  total: { committed: number; expected: number; p10: number; p50: number; p90: number };
}

describe('forecasts, churn risk and summaries', () => {
  const suite = useOrganizationApp({ organizationName: 'Insight Corp' });
  let sales: PipelineFixture;
  let rep: TestClient;
  let otherRep: TestClient;
  const now = new Date();
  const inMonths = (months: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 15)).toISOString().slice(0, 10);

  const customer = (name: string, ownerId = suite.org.rep.id) =>
    insertCustomer(suite.app.database.db, suite.org.tenantId, { name, ownerId });
  const deal = async (client: TestClient, body: Record<string, unknown>) => {
    const response = await client.post('/api/v1/opportunities', body);
    expect(response.status).toBe(201);
    return json<{ id: string; version: number }>(response);
  };
  /** Sets the predicted probabilities (after the scoring handler has run, so nothing overwrites them). */
  const predict = async (probabilities: Record<string, number>) => {
    await suite.app.drainEvents();
    await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, async (tx) => {
      for (const [id, probability] of Object.entries(probabilities))
        await tx.execute(
          sql`update opportunity_predictions set probability = ${probability} where opportunity_id = ${id}`,
        );
    });
  };

  beforeAll(async () => {
    sales = await defaultPipelineOf(suite.app.database.db, suite.org.tenantId);
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
  });

  it('forecasts revenue with a band from the deals’ probabilities, in the caller’s scope', async () => {
    const acme = await customer('Acme');
    const certain = await deal(rep, {
      name: 'Certain',
      customerId: acme,
      amount: '10000',
      expectedCloseDate: inMonths(2),
    });
    const coinA = await deal(rep, {
      name: 'Coin A',
      customerId: acme,
      amount: '1000',
      expectedCloseDate: inMonths(2),
    });
    const coinB = await deal(rep, {
      name: 'Coin B',
      customerId: acme,
      amount: '2000',
      expectedCloseDate: inMonths(2),
    });
    const other = await customer('Other', suite.org.otherRep.id);
    const theirs = await deal(otherRep, {
      name: 'Theirs',
      customerId: other,
      amount: '50000',
      expectedCloseDate: inMonths(2),
    });
    await predict({ [certain.id]: 1, [coinA.id]: 0.5, [coinB.id]: 0.5, [theirs.id]: 1 });

    const mine = await json<Forecast>(await rep.get('/api/v1/forecast'));
    expect(mine).toMatchObject({ currency: 'USD', simulations: 10_000, openDeals: 3 });
    expect(mine.periods).toHaveLength(6);
    // Won for sure: 10,000; each coin adds its amount half the time.
    expect(mine.total.p10).toBe(10_000);
    expect(mine.total.p90).toBe(13_000);
    expect(Math.abs(mine.total.expected - 11_500) / 11_500).toBeLessThan(0.02);
    // The same data gives the same band.
    expect(await json<Forecast>(await rep.get('/api/v1/forecast'))).toEqual(mine);

    const all = await json<Forecast>(await suite.admin.get('/api/v1/forecast?period=quarter'));
    expect(all.openDeals).toBe(4);
    expect(all.total.p10).toBe(60_000);

    const team = await json<Forecast>(await suite.admin.get(`/api/v1/forecast?teamId=${suite.org.teamId}`));
    expect(team.openDeals).toBe(3);
    expect((await rep.get('/api/v1/forecast?from=2026-05-01&to=2026-04-01')).status).toBe(422);
    expect((await rep.get(`/api/v1/forecast?teamId=${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('scores churn risk from silence against the customer’s own cadence, with the figures', async () => {
    const log = async (customerId: string, daysAgo: number[], outcome = 'positive') => {
      for (const days of daysAgo) {
        const response = await rep.post('/api/v1/interactions', {
          type: 'call',
          customerId,
          outcome,
          occurredAt: new Date(now.getTime() - days * DAY).toISOString(),
        });
        expect(response.status).toBe(201);
      }
    };
    const quiet = await customer('Quiet Ltd');
    await deal(rep, { name: 'Quiet renewal', customerId: quiet, amount: '5000', stageId: sales.won });
    await log(quiet, [170, 160, 150, 140, 130, 120, 110, 100, 90]);
    const busy = await customer('Busy Ltd');
    await deal(rep, { name: 'Busy upsell', customerId: busy, amount: '5000' });
    await log(busy, [40, 33, 26, 19, 12, 5]);
    const unknown = await customer('Unknown Ltd');

    const high = await json<{
      risk: number;
      level: string;
      factors: { key: string; sentence: string; statistic: string }[];
    }>(await rep.get(`/api/v1/customers/${quiet}/churn-risk`));
    expect(high).toMatchObject({ level: 'high' });
    expect(high.factors[0]).toMatchObject({
      key: 'silence',
      sentence: 'No interaction for 90 days.',
      statistic: '9 times its usual gap of 10 days between interactions.',
    });
    const low = await json<{ risk: number; level: string }>(
      await rep.get(`/api/v1/customers/${busy}/churn-risk`),
    );
    expect(low.level).toBe('low');
    expect(low.risk).toBeLessThan(high.risk);
    const none = await json<{ risk: null; summary: string }>(
      await rep.get(`/api/v1/customers/${unknown}/churn-risk`),
    );
    expect(none).toMatchObject({ risk: null, summary: expect.stringMatching(/no won or open deal/) });
    // Another rep does not see the customer: 404, not its risk.
    expect((await otherRep.get(`/api/v1/customers/${quiet}/churn-risk`)).status).toBe(404);

    // The list: the riskiest of the rep's active customers first; nothing of theirs for another rep.
    const list = await json<{ items: { customerId: string; risk: number }[] }>(
      await rep.get('/api/v1/insights/churn-risks'),
    );
    expect(list.items[0]).toMatchObject({ customerId: quiet, risk: high.risk });
    expect(list.items.map((item) => item.customerId)).toContain(busy);
    expect(list.items.map((item) => item.customerId)).not.toContain(unknown);
    const risks = list.items.map((item) => item.risk);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    const theirs = await json<{ items: { customerId: string }[] }>(
      await otherRep.get('/api/v1/insights/churn-risks'),
    );
    expect(theirs.items.map((item) => item.customerId)).not.toContain(quiet);
    expect((await otherRep.get(`/api/v1/insights/churn-risks?userId=${suite.org.rep.id}`)).status).toBe(404);
  });

  it('summarises a period in sentences built from the data, the same each time', async () => {
    const globex = await customer('Globex');
    await deal(rep, { name: 'Globex deal', customerId: globex, amount: '12000', stageId: sales.won });
    const today = now.toISOString().slice(0, 10);
    const first = await json<{
      headline: string;
      scope: { kind: string; name: string };
      sections: { key: string; sentences: string[] }[];
      priorities: { name: string }[];
      text: string;
    }>(await rep.get(`/api/v1/insights/summary?period=month&at=${today}`));
    expect(first.scope).toMatchObject({ kind: 'user', name: suite.org.rep.name });
    const performance = first.sections.find((section) => section.key === 'performance')!.sentences;
    expect(performance[0]).toBe(
      'Won 2 deals worth $17,000, against 0 deals worth $0 the month before (up from nothing).',
    );
    expect(performance).toContain('Lost no deal.');
    expect(first.priorities.map((entry) => entry.name)[0]).toBe('Certain');
    expect(first.text.startsWith(first.headline)).toBe(true);
    expect(await json(await rep.get(`/api/v1/insights/summary?period=month&at=${today}`))).toEqual(first);
    // Managers read a member's; a rep cannot read another rep's.
    const manager = await signIn(suite.app.url, suite.org.manager);
    const theirs = await manager.get(
      `/api/v1/insights/summary?userId=${suite.org.rep.id}&period=month&at=${today}`,
    );
    expect(theirs.status).toBe(200);
    expect((await rep.get(`/api/v1/insights/summary?userId=${suite.org.otherRep.id}`)).status).toBe(404);
  });
});
