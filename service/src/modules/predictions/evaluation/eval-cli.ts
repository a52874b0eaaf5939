/**
 * `npm run eval:predictions -- maven|x-education|demo|all`: the predictive engine's evidence, printed.
 * maven and x-education import public datasets through the import API into a fresh organization and
 * judge the engine with a time split (public-datasets.ts); demo compares the model with the generator's
 * true probabilities (demo-eval.ts).
 */
import {
  datasetsPresent,
  describeResult,
  evaluateMaven,
  evaluateXEducation,
  TESTDATA,
} from './public-datasets.js';
import { evaluateDemo } from './demo-eval.js';

const log = (line: string) => console.log(line);
const which = process.argv[2] ?? 'all';
const started = Date.now();

if (['maven', 'x-education', 'all'].includes(which) && !datasetsPresent()) {
  console.log(`skipped maven and x-education: ${TESTDATA} is absent in this checkout`);
} else {
  if (which === 'maven' || which === 'all') {
    log('== Maven CRM sales opportunities');
    const results = await evaluateMaven(log);
    for (const result of results) for (const line of describeResult('maven', result)) log(line);
    const worst = Math.max(...results.map((result) => result.model.brier - result.constantBrier));
    log(
      `verdict: Brier no worse than the training base rate: ${worst <= 0.0005 ? 'yes' : 'no'} (worst difference ${worst.toFixed(4)})`,
    );
    log(
      `verdict: confidence low (< 0.3): ${results.every((result) => result.confidence < 0.3) ? 'yes' : 'no'}`,
    );
  }
  if (which === 'x-education' || which === 'all') {
    log('== X Education leads');
    const results = await evaluateXEducation(log);
    for (const result of results) for (const line of describeResult('x-education', result)) log(line);
    log(
      `verdict: Brier no worse than the training base rate: ${results.every((result) => result.model.brier <= result.constantBrier + 0.0005) ? 'yes' : 'no'}`,
    );
  }
}
if (which === 'demo' || which === 'all') {
  log('== Generated organization (demo physics, true probabilities known)');
  try {
    const result = await evaluateDemo({
      opportunities: Number(process.env.EVAL_DEMO_DEALS ?? 40_000),
      seed: 7,
    });
    log(
      `  ${result.deals} deals opened after month 18 scored at ${result.points} stage entries; generated in ${result.seconds.generate.toFixed(1)} s, trained in ${result.seconds.train.toFixed(1)} s`,
    );
    log(
      `  AUC: model ${result.model.auc.toFixed(3)}, true probabilities ${result.truth.auc.toFixed(3)}, prior ${result.prior.auc.toFixed(3)}; ratio ${(result.ratio * 100).toFixed(1)}% (target 95%)`,
    );
    log(
      `  Brier: model ${result.model.brier.toFixed(4)}, truth ${result.truth.brier.toFixed(4)}; worst decile against the truth ${result.worstDecile.toFixed(1)} points (target 3)`,
    );
    log('  calibration (decile: model predicted -> true probability | observed on the closed deals):');
    result.againstTruth.forEach((bin, index) => {
      const closed = result.model.calibration[index]!;
      log(
        `    ${bin.decile}: ${bin.predicted.toFixed(3)} -> ${bin.observed.toFixed(3)} | ${closed.predicted.toFixed(3)} -> ${closed.observed.toFixed(3)}`,
      );
    });
    log(`  top factors: ${result.topFactors.join(', ')}`);
  } catch (error) {
    log(`  not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
