import { describe, expect, it } from '@jest/globals';
import { evaluateDemo, PLANTED_FACTORS } from './demo-eval.js';

// The full evaluation (`npm run eval:predictions -- demo`, 40,000 deals) is the evidence; this smaller
// run keeps the suite honest about it: a model that stopped learning, or learnt from the future, fails.
describe('the model on a generated organization whose true probabilities are known', () => {
  it('ranks deals close to the truth, is calibrated against it, and names the planted factors', async () => {
    const result = await evaluateDemo({ opportunities: 8_000, seed: 11, rollouts: 60 });
    expect(result.points).toBeGreaterThan(3_000);
    // Smaller than the evidence run, so looser: 90% of the truth's AUC and 5 points per decile.
    expect(result.ratio).toBeGreaterThan(0.9);
    expect(result.model.auc).toBeGreaterThan(result.prior.auc);
    expect(result.worstDecile).toBeLessThan(5);
    const planted = result.topFactors.filter((factor) =>
      (PLANTED_FACTORS as readonly string[]).includes(factor),
    );
    expect(planted.length).toBeGreaterThanOrEqual(5);
  });
});
