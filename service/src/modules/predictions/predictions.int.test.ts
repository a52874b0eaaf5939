import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { writeDemo } from '../../demo/demo-writer.js';
import { signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { defaultPipelineOf, insertCustomer } from '../opportunities/opportunities.fixtures.js';

interface Prediction {
  opportunityId: string;
  probability: number;
  confidence: number;
  model: string;
  modelId: string | null;
  modelVersion: number | null;
  factors: { key: string; direction: string; sentence: string; statistic: string }[];
  recommendations: { key: string; text: string; lift: number | null }[];
  history: { probability: number }[];
}

interface Model {
  id: string;
  version: number;
  status: string;
  progress: number;
  trainDeals: number;
  testDeals: number;
  error: string | null;
  metrics: {
    auc: number;
    brier: number;
    baseBrier: number;
    calibration: unknown[];
    prior: { auc: number; brier: number };
    topFeatures: { feature: string; weight: number }[];
    verdict: string;
  };
}

describe('predictions', () => {
  const suite = useOrganizationApp({ organizationName: 'Forecast Corp' });
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));
  let firstDeal: { id: string; version: number };

  it("scores a new organization's first deal with the global prior, and says it knows little", async () => {
    const customerId = await insertCustomer(suite.app.database.db, suite.org.tenantId, {
      name: 'First customer',
      ownerId: suite.org.rep.id,
    });
    const created = await suite.admin.post('/api/v1/opportunities', {
      name: 'First deal',
      customerId,
      ownerId: suite.org.rep.id,
      amount: '12000',
    });
    expect(created.status).toBe(201);
    firstDeal = await json(created);
    const rep = await signIn(suite.app.url, suite.org.rep);
    const response = await rep.get(`/api/v1/opportunities/${firstDeal.id}/prediction`);
    expect(response.status).toBe(200);
    const prediction = await json<Prediction>(response);
    expect(prediction).toMatchObject({ opportunityId: firstDeal.id, model: 'prior', modelId: null });
    // The first stage's default probability is 10%; a mid-sized deal with no signal stays near it.
    expect(prediction.probability).toBeGreaterThan(0.05);
    expect(prediction.probability).toBeLessThan(0.2);
    expect(prediction.confidence).toBeLessThanOrEqual(0.1);

    // Another rep of the organization does not see the deal, nor its prediction.
    const stranger = await signIn(suite.app.url, suite.org.otherRep);
    expect((await stranger.get(`/api/v1/opportunities/${firstDeal.id}/prediction`)).status).toBe(404);
  });

  it('trains on the history, promotes a model that beats the prior on recent deals, and scores open deals with it', async () => {
    await writeDemo(suite.app.database.db, {
      tenantId: suite.org.tenantId,
      size: { customers: 300, opportunities: 3_000 },
      // A fixed history (the generator is seeded): the same deals, the same model, on every run.
      now: new Date('2026-11-30T12:00:00Z'),
    });
    const started = await suite.admin.post('/api/v1/predictions/train', {});
    expect(started.status).toBe(202);
    const queued = await json<Model>(started);
    expect(queued).toMatchObject({ status: 'training', version: 1 });
    const again = await suite.admin.post('/api/v1/predictions/train', {});
    expect(again.status).toBe(409);
    expect((await json<{ code: string }>(again)).code).toBe('training_running');

    let model = queued;
    for (let waited = 0; model.status === 'training' && waited < 240; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      model = (await json<{ items: Model[] }>(await suite.admin.get('/api/v1/predictions/models'))).items[0]!;
    }
    expect({ ...model, verdict: model.metrics.verdict }).toMatchObject({
      id: queued.id,
      status: 'active',
      progress: 1,
      error: null,
      verdict: expect.stringMatching(/^promoted/),
    });
    expect(model.trainDeals).toBeGreaterThan(500);
    expect(model.testDeals).toBeGreaterThan(100);
    expect(model.metrics.auc).toBeGreaterThan(0.65);
    expect(model.metrics.brier).toBeLessThan(model.metrics.baseBrier);
    expect(model.metrics.brier).toBeLessThanOrEqual(model.metrics.prior.brier);
    expect(model.metrics.calibration).toHaveLength(10);
    expect(model.metrics.topFeatures).toHaveLength(10);

    // Every open deal was scored by the new model when it was promoted.
    const [counts] = await inDb<{ open: number; scored: number }>(
      sql`select (select count(*)::int from opportunities where status = 'open' and deleted_at is null) as open,
        (select count(*)::int from opportunity_predictions p join opportunities o on o.id = p.opportunity_id
          where o.status = 'open' and p.model <> 'prior') as scored`,
    );
    expect(counts!.scored).toBe(counts!.open);
    const [demoDeal] = await inDb<{ id: string }>(
      sql`select o.id from opportunities o join stages s on s.id = o.stage_id
        where o.status = 'open' and o.name <> 'First deal' order by s.position desc, o.id limit 1`,
    );
    const prediction = await json<Prediction>(
      await suite.admin.get(`/api/v1/opportunities/${demoDeal!.id}/prediction`),
    );
    expect(['organization_wide', 'customer_specific']).toContain(prediction.model);
    expect(prediction.modelVersion).toBe(1);
    expect(prediction.confidence).toBeGreaterThan(0.1);
    expect(prediction.factors.length).toBeGreaterThan(0);
    for (const factor of prediction.factors) {
      expect(factor.sentence).toMatch(/\.$/);
      expect(factor.statistic).toMatch(/\d+%/);
    }
  });

  it('rescores a deal when it moves, keeps the trend, and tells the owner when it moved far', async () => {
    const before = await json<Prediction>(
      await suite.admin.get(`/api/v1/opportunities/${firstDeal.id}/prediction`),
    );
    const pipeline = await defaultPipelineOf(suite.app.database.db, suite.org.tenantId);
    const current = await json<{ version: number }>(
      await suite.admin.get(`/api/v1/opportunities/${firstDeal.id}`),
    );
    const moved = await suite.admin.post(`/api/v1/opportunities/${firstDeal.id}/stage`, {
      version: current.version,
      stageId: pipeline.open[pipeline.open.length - 1]!,
    });
    expect(moved.status).toBe(200);
    await suite.app.drainEvents();
    const after = await json<Prediction>(
      await suite.admin.get(`/api/v1/opportunities/${firstDeal.id}/prediction`),
    );
    expect(after.probability).toBeGreaterThan(before.probability + 0.1);
    expect(after.history.length).toBeGreaterThanOrEqual(2);
    expect(after.history[0]!.probability).toBe(after.probability);
    await suite.app.drainEvents();
    const notes = await inDb<{ title: string }>(
      sql`select title from notifications where kind = 'opportunity.probability_changed'
        and user_id = ${suite.org.rep.id} and data->>'opportunityId' = ${firstDeal.id}`,
    );
    // One alert: the move. A new model rescoring every deal tells no one (the deals did not change).
    expect(notes.map((note) => note.title)).toEqual([
      expect.stringMatching(/^First deal: success probability up to \d+%$/),
    ]);
  });
});
