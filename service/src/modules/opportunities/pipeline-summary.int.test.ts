import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import {
  defaultPipelineOf,
  insertCustomer,
  insertPipeline,
  type PipelineFixture,
} from './opportunities.fixtures.js';

interface Settings {
  baseCurrency: string;
  rates: Record<string, string>;
  version: number;
  updatedAt: string | null;
}

interface StageSummary {
  stageId: string;
  name: string;
  kind: string;
  probability: number;
  count: number;
  totalAmount: string;
  weightedAmount: string;
  unconvertedCount: number;
}

interface Summary {
  pipelineId: string;
  baseCurrency: string;
  stages: StageSummary[];
  missingRates: string[];
}

describe('currency settings and pipeline totals', () => {
  const suite = useOrganizationApp({ organizationName: 'Vandelay' });
  let rep: TestClient;
  let manager: TestClient;
  let pipeline: PipelineFixture;
  let customer: string;

  beforeAll(async () => {
    const { db } = suite.app.database;
    pipeline = await insertPipeline(db, suite.org.tenantId, { name: 'Totals' });
    customer = await insertCustomer(db, suite.org.tenantId, { name: 'Kramerica', ownerId: suite.org.rep.id });
    rep = await signIn(suite.app.url, suite.org.rep);
    manager = await signIn(suite.app.url, suite.org.manager);
  });

  const settings = async (client: TestClient) =>
    json<Settings>(await client.get('/api/v1/currency-settings'));
  const put = (client: TestClient, body: object) => client.request('PUT', '/api/v1/currency-settings', body);
  const summary = async (client: TestClient, query = '') =>
    json<Summary>(
      await client.get(`/api/v1/opportunities/summary?pipelineId=${pipeline.pipelineId}${query}`),
    );
  const deal = async (client: TestClient, body: object) => {
    const response = await client.post('/api/v1/opportunities', {
      customerId: customer,
      pipelineId: pipeline.pipelineId,
      ...body,
    });
    if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    return json<{ id: string; currency: string; version: number }>(response);
  };

  it('starts on US dollars with no rates; every member reads, only settings admins change', async () => {
    const defaults = { baseCurrency: 'USD', rates: {}, version: 1, updatedAt: null };
    expect(await settings(rep)).toEqual(defaults);
    expect(await settings(manager)).toEqual(defaults);
    expect((await put(rep, { version: 1, baseCurrency: 'USD', rates: {} })).status).toBe(403);
    expect((await put(manager, { version: 1, baseCurrency: 'USD', rates: {} })).status).toBe(403);
    const saved = await put(suite.admin, {
      version: 1,
      baseCurrency: 'usd',
      rates: { EUR: '1.10', GBP: ' 1.25 ' },
    });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({
      baseCurrency: 'USD',
      rates: { EUR: '1.10', GBP: '1.25' },
      version: 2,
    });
    expect(await settings(rep)).toMatchObject({
      rates: { EUR: '1.10', GBP: '1.25' },
      version: 2,
      updatedAt: expect.any(String),
    });
    const audit = await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      queryRows<{ action: string; after: { rates: Record<string, string> } }>(
        tx,
        sql`select action, after from audit_logs where entity_type = 'currency_settings'`,
      ),
    );
    expect(audit).toEqual([
      {
        action: 'currency_settings.updated',
        after: expect.objectContaining({ rates: { EUR: '1.10', GBP: '1.25' } }),
      },
    ]);
  });

  it('refuses bad rates and stale versions', async () => {
    const paths = async (body: object) => {
      const response = await put(suite.admin, { version: 2, baseCurrency: 'USD', ...body });
      expect(response.status).toBe(422);
      return (await json<{ errors: { path: string }[] }>(response)).errors.map((error) => error.path);
    };
    expect(await paths({ rates: { EUR: '0' } })).toEqual(['body.rates.EUR']);
    expect(await paths({ rates: { EUR: '-1.1' } })).toEqual(['body.rates.EUR']);
    expect(await paths({ rates: { EUR: 'abc' } })).toEqual(['body.rates.EUR']);
    expect(await paths({ rates: { EUR: 1.1 } })).toEqual(['body.rates.EUR']);
    expect(await paths({ rates: { XYZ: '2' } })).toEqual(['body.rates.XYZ']);
    expect(await paths({ rates: { USD: '1' } })).toEqual(['body.rates.USD']);
    expect(await paths({ baseCurrency: 'XYZ', rates: {} })).toEqual(['body.baseCurrency']);
    const stale = await put(suite.admin, { version: 1, baseCurrency: 'EUR', rates: {} });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({
      code: 'stale_version',
      current: { baseCurrency: 'USD', version: 2 },
    });
    expect(await settings(rep)).toMatchObject({ baseCurrency: 'USD', version: 2 });
  });

  it('totals each stage in the base currency, converted in SQL, weighted by each deal probability', async () => {
    // Prospecting (10%): 1000 USD, and 2000 EUR at an override of 50%.
    await deal(rep, { name: 'Dollars', amount: '1000' });
    await deal(rep, { name: 'Euros', amount: '2000', currency: 'EUR', probabilityOverride: 50 });
    // Proposal (50%): 333.33 GBP, and 70 CHF, which has no rate.
    await deal(rep, { name: 'Pounds', amount: '333.33', currency: 'GBP', stageId: pipeline.open[2] });
    await deal(rep, { name: 'Francs', amount: '70', currency: 'CHF', stageId: pipeline.open[2] });
    // The other rep's deal: in the admin's totals, not in the rep's or the manager's (not their team).
    await deal(suite.admin, { name: 'Other', amount: '5', ownerId: suite.org.otherRep.id });
    // Deleted deals count nowhere.
    const gone = await deal(rep, { name: 'Gone', amount: '1000000' });
    expect((await rep.delete(`/api/v1/opportunities/${gone.id}`)).status).toBe(204);

    const forRep = await summary(rep);
    expect(forRep.baseCurrency).toBe('USD');
    expect(forRep.missingRates).toEqual(['CHF']);
    expect(forRep.stages.map((stage) => stage.stageId)).toEqual([
      ...pipeline.open,
      pipeline.won,
      pipeline.lost,
    ]);
    expect(forRep.stages[0]).toEqual({
      stageId: pipeline.open[0],
      name: 'Prospecting',
      kind: 'open',
      probability: 10,
      count: 2,
      // 1000 + 2000 x 1.10
      totalAmount: '3200.00',
      // 1000 x 10% + 2200 x 50%
      weightedAmount: '1200.00',
      unconvertedCount: 0,
    });
    expect(forRep.stages[2]).toMatchObject({
      count: 2,
      // 333.33 x 1.25 = 416.6625, rounded once, at the end
      totalAmount: '416.66',
      // 416.6625 x 50% = 208.33125
      weightedAmount: '208.33',
      unconvertedCount: 1,
    });
    expect(forRep.stages[1]).toMatchObject({ count: 0, totalAmount: '0.00', weightedAmount: '0.00' });

    expect((await summary(manager)).stages[0]).toMatchObject({ count: 2, totalAmount: '3200.00' });
    expect((await summary(suite.admin)).stages[0]).toMatchObject({ count: 3, totalAmount: '3205.00' });
    expect((await summary(suite.admin, `&ownerId=${suite.org.otherRep.id}`)).stages[0]).toMatchObject({
      count: 1,
      totalAmount: '5.00',
      weightedAmount: '0.50',
    });
  });

  it('converts with the rates as they are now, and defaults new deals to the base currency', async () => {
    const current = await settings(suite.admin);
    const saved = await put(suite.admin, {
      version: current.version,
      baseCurrency: 'EUR',
      rates: { USD: '0.5', GBP: '1', CHF: '2' },
    });
    expect(saved.status).toBe(200);
    const totals = await summary(rep);
    expect(totals.baseCurrency).toBe('EUR');
    expect(totals.missingRates).toEqual([]);
    // 1000 USD x 0.5 + 2000 EUR
    expect(totals.stages[0]).toMatchObject({ count: 2, totalAmount: '2500.00', weightedAmount: '1050.00' });
    // 333.33 GBP + 70 CHF x 2
    expect(totals.stages[2]).toMatchObject({ totalAmount: '473.33', unconvertedCount: 0 });
    expect((await deal(rep, { name: 'In euros by default' })).currency).toBe('EUR');
  });

  it('counts won and lost deals closed in a period (the last 90 days unless asked), closed ones at 100% or 0%', async () => {
    await deal(rep, {
      name: 'Won lately',
      amount: '100',
      stageId: pipeline.won,
      probabilityOverride: 40,
    });
    const old = await deal(rep, { name: 'Won long ago', amount: '900', stageId: pipeline.won });
    await deal(rep, {
      name: 'Lost lately',
      amount: '50',
      stageId: pipeline.lost,
      lostReason: 'Price',
      probabilityOverride: 80,
    });
    await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      tx.execute(sql`update opportunities set closed_at = now() - interval '200 days' where id = ${old.id}`),
    );
    // New deals are in the base currency, so the totals are the amounts themselves.
    const byDefault = await summary(rep);
    const won = byDefault.stages.find((stage) => stage.stageId === pipeline.won)!;
    const lost = byDefault.stages.find((stage) => stage.stageId === pipeline.lost)!;
    expect(won).toMatchObject({
      count: 1,
      totalAmount: '100.00',
      weightedAmount: '100.00',
    });
    expect(lost).toMatchObject({ count: 1, weightedAmount: '0.00' });
    const since = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const wider = await summary(rep, `&closedAfter=${since}`);
    expect(wider.stages.find((stage) => stage.stageId === pipeline.won)).toMatchObject({
      count: 2,
      totalAmount: '1000.00',
    });
  });

  it('refuses an unknown pipeline, and reads the default one when none is given', async () => {
    const response = await rep.get(
      '/api/v1/opportunities/summary?pipelineId=01900000-0000-7000-8000-000000000000',
    );
    expect(response.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(response)).errors.map((e) => e.path)).toEqual([
      'query.pipelineId',
    ]);
    const sales = await defaultPipelineOf(suite.app.database.db, suite.org.tenantId);
    const fallback = await json<Summary>(await rep.get('/api/v1/opportunities/summary'));
    expect(fallback.pipelineId).toBe(sales.pipelineId);
    expect(fallback.stages.map((stage) => stage.stageId)).toEqual([...sales.open, sales.won, sales.lost]);
  });
});
