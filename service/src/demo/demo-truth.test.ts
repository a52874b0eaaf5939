import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { generatedOrganization } from '../modules/predictions/evaluation/demo-history.js';
import { DEMO_TABLES } from './demo-tables.js';

const hashOf = (chunk: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(DEMO_TABLES.map((table) => chunk[table])))
    .digest('hex');

describe("the demo's true win probabilities", () => {
  // Each truth is a Monte Carlo over the deal's future (rollouts); 3,000 deals at 100 rollouts keep the
  // deciles' binomial noise near 3 points and the suite under half a minute.
  const plain = generatedOrganization({ opportunities: 3_000, seed: 21 });
  const withTruth = generatedOrganization({
    opportunities: 3_000,
    seed: 21,
    plan: { truth: { after: 0, rollouts: 100 } },
  });
  const truths = withTruth.chunk.truths ?? [];

  it('writes the same rows whether or not truths are asked for', () => {
    expect(plain.chunk.truths).toBeUndefined();
    expect(hashOf(withTruth.chunk)).toBe(hashOf(plain.chunk));
  });

  it('are the physics of the deals: per decile of the truth at creation, deals were won that often', () => {
    const outcome = new Map(
      withTruth.chunk.opportunities.map((row) => [row.id as string, row.status as string]),
    );
    const points = truths
      .filter((truth) => truth.stageIndex === 0 && outcome.get(truth.opportunityId) !== 'open')
      .map((truth) => ({ p: truth.probability, won: outcome.get(truth.opportunityId) === 'won' ? 1 : 0 }))
      .sort((a, b) => a.p - b.p);
    expect(points.length).toBeGreaterThan(1_500);
    const size = Math.floor(points.length / 10);
    for (let decile = 0; decile < 10; decile++) {
      const bin = points.slice(decile * size, (decile + 1) * size);
      const predicted = bin.reduce((sum, point) => sum + point.p, 0) / bin.length;
      const observed = bin.reduce((sum, point) => sum + point.won, 0) / bin.length;
      // Binomial noise of ~200 deals is about 3 points; 8 allows it and catches different physics.
      expect({ decile, gap: Math.abs(predicted - observed) < 0.08 }).toEqual({ decile, gap: true });
    }
  });

  it('are deterministic and rise for the deals that reached later stages', () => {
    const small = () =>
      generatedOrganization({ opportunities: 500, seed: 5, plan: { truth: { after: 0, rollouts: 20 } } });
    expect(small().chunk.truths).toEqual(small().chunk.truths);
    const mean = (stage: number) => {
      const at = truths.filter((truth) => truth.stageIndex === stage);
      return at.reduce((sum, truth) => sum + truth.probability, 0) / at.length;
    };
    expect(mean(3)).toBeGreaterThan(mean(0));
    for (const truth of truths) expect(truth.probability >= 0 && truth.probability <= 1).toBe(true);
  });
});
