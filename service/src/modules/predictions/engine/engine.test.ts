import { describe, expect, it } from '@jest/globals';
import { generatedOrganization, DEMO_CUT } from '../evaluation/demo-history.js';
import { observe } from './features.js';
import type { History } from './history.js';
import { fitLogistic, standardisation } from './logistic.js';
import { auc, brier, calibration } from './metrics.js';
import { trainModel, type TrainedModel } from './model.js';
import { predictObservation } from './predict.js';
import { historyFromRows, type HistoryRows } from './rows.js';

const DAY = 86_400_000;

describe('metrics', () => {
  it('computes AUC with ties, the Brier score and calibration deciles', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(brier([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3, 10);
    const bins = calibration(
      Array.from({ length: 100 }, (_, i) => i / 100),
      Array.from({ length: 100 }, (_, i) => (i >= 50 ? 1 : 0)),
    );
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ decile: 1, count: 10, observed: 0 });
    expect(bins[9]).toMatchObject({ decile: 10, count: 10, observed: 1 });
  });
});

describe('logistic regression (TensorFlow.js, Newton)', () => {
  it('recovers the coefficients that generated the data', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const rows = 20_000;
    const x = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      x[row * 2] = random() * 2 - 1;
      x[row * 2 + 1] = random() * 4 - 2;
      const z = 0.5 + 2 * x[row * 2]! - 1 * x[row * 2 + 1]!;
      y[row] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const standard = standardisation(x, rows, 2);
    const fit = await fitLogistic(
      { x, rows, columns: 2, y, offset: new Float64Array(rows), lambda: 0.01 },
      standard,
    );
    // Back from standardised units to the raw columns.
    const raw = fit.weights.map((weight, column) => weight / standard.scales[column]!);
    const intercept =
      fit.intercept - raw.reduce((sum, weight, column) => sum + weight * standard.means[column]!, 0);
    expect(raw[0]).toBeCloseTo(2, 0);
    expect(raw[1]).toBeCloseTo(-1, 0);
    expect(Math.abs(raw[0]! - 2)).toBeLessThan(0.15);
    expect(Math.abs(raw[1]! + 1)).toBeLessThan(0.08);
    expect(Math.abs(intercept - 0.5)).toBeLessThan(0.1);
  });
});

describe('point-in-time features', () => {
  const org = generatedOrganization({ opportunities: 3_000, seed: 11 });
  const history = historyFromRows(org.rows);

  /**
   * The same organization with a leak planted in every closed deal, of the kind real CRMs have: the amount
   * rewritten on the close date (lost deals to zero, as in the Maven data), and a conversation logged on
   * the close date that tells the outcome (a decision maker present and a positive outcome for wins, a
   * negative one for losses).
   */
  function leaky(rows: HistoryRows): History {
    const closed = rows.opportunities.filter((deal) => deal.status !== 'open' && deal.closed_at !== null);
    return historyFromRows({
      ...rows,
      opportunities: rows.opportunities.map((deal) =>
        deal.status === 'lost'
          ? { ...deal, amount: '0.00' }
          : deal.status === 'won'
            ? { ...deal, amount: String(Number(deal.amount) * 10) }
            : deal,
      ),
      amountChanges: [
        ...rows.amountChanges,
        ...closed.map((deal) => ({
          opportunity_id: deal.id,
          to_amount: deal.status === 'won' ? String(Number(deal.amount) * 10) : '0',
          to_currency: deal.currency,
          at: deal.closed_at!,
        })),
      ],
      interactions: [
        ...rows.interactions,
        ...closed.map((deal) => ({
          opportunity_id: deal.id,
          occurred_at: deal.closed_at!,
          type: 'meeting',
          direction: null,
          outcome: deal.status === 'won' ? 'positive' : 'negative',
          attended: true,
          replied: null,
          decision_maker_present: deal.status === 'won',
          objection_raised: deal.status === 'lost',
          objection_resolved: false,
        })),
      ],
    });
  }

  it('reads a deal as it was: what happened at or after the moment changes nothing', () => {
    const planted = leaky(org.rows);
    const deal = history.deals.find(
      (candidate) => candidate.status === 'lost' && candidate.stageMoves.length >= 3,
    )!;
    const twin = planted.deals.find((candidate) => candidate.id === deal.id)!;
    for (const t of [deal.createdAt + DAY, deal.stageMoves[2]!.at - 1, deal.closedAt! - 1]) {
      expect(observe(planted, planted, twin, t)).toEqual(observe(history, history, deal, t));
    }
    // The leak is real: read after the close, the deal looks different.
    expect(observe(planted, planted, twin, deal.closedAt! + 1).amount).not.toBe(
      observe(history, history, deal, deal.closedAt! + 1).amount,
    );
  });

  it('learns the same model, with the same figures, whether or not the history carries the leak', async () => {
    const options = { cutoff: DEMO_CUT, minCustomerHistory: 5, minDeals: 40 };
    const clean = (await trainModel(history, options)) as TrainedModel;
    const planted = (await trainModel(leaky(org.rows), options)) as TrainedModel;
    expect(clean.test.auc).toBeGreaterThan(0.6);
    expect(planted.params.fit).toEqual(clean.params.fit);
    expect(planted.params.platt).toEqual(clean.params.platt);
    expect(planted.test).toEqual(clean.test);
  });

  it('trains the same model twice from the same history', async () => {
    const options = { cutoff: DEMO_CUT, minCustomerHistory: 5, minDeals: 40 };
    const first = (await trainModel(history, options)) as TrainedModel;
    const second = (await trainModel(history, options)) as TrainedModel;
    expect(JSON.stringify(second.params)).toBe(JSON.stringify(first.params));
  });

  it('needs enough closed deals of each outcome for an organization model', async () => {
    const result = await trainModel(history, {
      cutoff: DEMO_CUT - 600 * DAY,
      minCustomerHistory: 5,
      minDeals: 40,
    });
    expect(result).toMatchObject({ insufficient: expect.stringMatching(/needs 40 closed deals/) });
  });
});

describe('the first deal of a new organization', () => {
  it('is scored by the global prior, with a confidence that says how little is known', () => {
    const history = historyFromRows({
      stages: [
        { id: 's1', name: 'Prospecting', pipeline_id: 'p', position: 0, kind: 'open', probability: 10 },
        { id: 's2', name: 'Proposal', pipeline_id: 'p', position: 1, kind: 'open', probability: 50 },
        { id: 'w', name: 'Won', pipeline_id: 'p', position: 2, kind: 'won', probability: 100 },
      ],
      customers: [{ id: 'c', industry: 'software', size_band: '11-50' }],
      opportunities: [
        {
          id: 'd',
          customer_id: 'c',
          owner_id: 'u',
          stage_id: 's2',
          status: 'open',
          created_at: '2026-11-01T09:00:00Z',
          closed_at: null,
          amount: '8000',
          currency: 'USD',
          competition_level: 'high',
          source: 'referral',
          competitors: ['Rival'],
        },
      ],
      stageChanges: [
        { opportunity_id: 'd', to_stage_id: 's1', at: '2026-11-01T09:00:00Z' },
        { opportunity_id: 'd', to_stage_id: 's2', at: '2026-11-10T09:00:00Z' },
      ],
      amountChanges: [],
      interactions: [],
      toBase: (amount) => amount,
    });
    const prediction = predictObservation(
      null,
      observe(history, history, history.deals[0]!, Date.parse('2026-12-01T09:00:00Z')),
    );
    expect(prediction).toMatchObject({ model: 'prior', confidence: 0.05 });
    // From the stage's 50%: high competition, no conversation in a month, no decision maker pull it down.
    expect(prediction.probability).toBeLessThan(0.5);
    expect(prediction.probability).toBeGreaterThan(0.1);
    expect(prediction.factors.map((factor) => factor.key)).toEqual(
      expect.arrayContaining(['competition', 'recency', 'decision_maker']),
    );
    expect(prediction.factors.every((factor) => factor.direction === 'negative')).toBe(false);
    expect(prediction.recommendations.map((advice) => advice.key)).toEqual(
      expect.arrayContaining(['follow_up', 'decision_maker', 'competition']),
    );
    const followUp = prediction.recommendations.find((advice) => advice.key === 'follow_up')!;
    expect(followUp.text).toMatch(/^No conversation yet after 30 days/);
    expect(followUp.lift).toBeGreaterThan(0);
  });
});
