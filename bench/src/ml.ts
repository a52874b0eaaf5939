/**
 * The predictive engine's training time and scoring throughput on a generated organization.
 *
 * Generates (seeded) BENCH_ML_DEALS opportunities over two years with the demo company's physics, builds
 * the engine's in-memory history from the rows (as the database loader does), then:
 * - trains the organization's model on every closed deal (features for each deal at a moment in each
 *   stage, three penalties fitted by Newton's method in TensorFlow.js on the wasm backend, calibration,
 *   customer corrections, explanation statistics, and the evaluation on the newest 15%);
 * - scores every open deal in bulk, with factors and next best actions, and as probabilities alone.
 * Baseline in the same run: one pass of the plainest logistic regression over the same training rows
 * (one gradient step in a JavaScript loop over the same number of rows and columns), so "training costs
 * N passes" survives a noisy machine; scoring is compared with reading the features alone.
 *
 * Environment: BENCH_ML_DEALS (default 110000, which gives about 100,000 closed deals), BENCH_ML_SEED.
 */
import type { generatedOrganization as Generate } from '../../service/src/modules/predictions/evaluation/demo-history.js';
import type { historyFromRows as FromRows } from '../../service/src/modules/predictions/engine/rows.js';
import type {
  trainModel as Train,
  TrainedModel,
} from '../../service/src/modules/predictions/engine/model.js';
import type { observe as Observe } from '../../service/src/modules/predictions/engine/features.js';
import type {
  predictObservation as Predict,
  probabilityOf as ProbabilityOf,
} from '../../service/src/modules/predictions/engine/predict.js';

const DEALS = Number(process.env.BENCH_ML_DEALS ?? 110_000);
const SEED = Number(process.env.BENCH_ML_SEED ?? 5);

const source = <T>(file: string) =>
  import(new URL(`../../service/src/${file}`, import.meta.url).href) as Promise<T>;

const { generatedOrganization } = await source<{ generatedOrganization: typeof Generate }>(
  'modules/predictions/evaluation/demo-history.ts',
);
const { historyFromRows } = await source<{ historyFromRows: typeof FromRows }>(
  'modules/predictions/engine/rows.ts',
);
const { trainModel } = await source<{ trainModel: typeof Train }>('modules/predictions/engine/model.ts');
const { observe } = await source<{ observe: typeof Observe }>('modules/predictions/engine/features.ts');
const { predictObservation, probabilityOf } = await source<{
  predictObservation: typeof Predict;
  probabilityOf: typeof ProbabilityOf;
}>('modules/predictions/engine/predict.ts');

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits });

let started = process.hrtime.bigint();
let organization: ReturnType<typeof Generate> | null = generatedOrganization({
  opportunities: DEALS,
  seed: SEED,
  reps: 40,
});
const generated = seconds(started);
started = process.hrtime.bigint();
const history = historyFromRows(organization.rows);
const now = organization.now;
organization = null; // the rows are no longer needed: let them go before training
const built = seconds(started);
const closed = history.closedDeals().length;
const open = history.deals.filter((deal) => deal.status === 'open');
console.log(
  `organization: ${fmt(history.deals.length, 0)} deals (${fmt(closed, 0)} closed, ${fmt(open.length, 0)} open), ${fmt(history.touchTimes.length, 0)} conversations; generated in ${fmt(generated)} s, history built in ${fmt(built)} s`,
);

// Training.
let lastStage = '';
let stageStart = process.hrtime.bigint();
const stages: string[] = [];
started = process.hrtime.bigint();
const result = await trainModel(history, {
  minCustomerHistory: 5,
  minDeals: 40,
  onProgress: (fraction, stage) => {
    if (stage !== lastStage) {
      if (lastStage) stages.push(`${lastStage} ${fmt(seconds(stageStart))} s`);
      lastStage = stage;
      stageStart = process.hrtime.bigint();
    }
  },
});
const trainSeconds = seconds(started);
if ('insufficient' in result) throw new Error(result.insufficient);
const trained: TrainedModel = result;
const rows = trained.params.trainDeals;
const columns = trained.params.columns.length;

// Baseline: one plain gradient pass over as many rows (about two per deal) and columns.
const baselineRows = Math.round(rows * 2.2);
const x = new Float64Array(baselineRows * columns).map(
  (_, index) => ((index * 2_654_435_761) % 1000) / 1000 - 0.5,
);
const weights = new Float64Array(columns).fill(0.01);
const gradient = new Float64Array(columns);
started = process.hrtime.bigint();
for (let row = 0; row < baselineRows; row++) {
  let z = 0;
  for (let column = 0; column < columns; column++) z += weights[column]! * x[row * columns + column]!;
  const residual = (row & 1) - 1 / (1 + Math.exp(-z));
  for (let column = 0; column < columns; column++) gradient[column]! += residual * x[row * columns + column]!;
}
const pass = seconds(started);

console.log(
  `training: ${fmt(trainSeconds)} s for ${fmt(closed, 0)} closed deals (${stages.join(', ')}, ${lastStage} ${fmt(seconds(stageStart))} s); ${columns} columns, penalty ${trained.params.lambda}; test AUC ${trained.test.auc.toFixed(3)}, Brier ${trained.test.brier.toFixed(4)} vs base rate ${trained.test.baseBrier.toFixed(4)}`,
);
console.log(
  `  baseline: one JavaScript gradient pass over ${fmt(baselineRows, 0)} rows x ${columns} columns took ${fmt(pass * 1000)} ms; training = ${fmt(trainSeconds / pass, 0)} passes (checksum ${gradient[0]!.toFixed(3)})`,
);

// Scoring.
const observations = open.map((deal) => observe(history, history, deal, now));
started = process.hrtime.bigint();
for (const deal of open) observe(history, history, deal, now);
const observeRate = open.length / seconds(started);
started = process.hrtime.bigint();
let sum = 0;
for (const o of observations) sum += probabilityOf(trained.params, o);
const probabilityRate = open.length / seconds(started);
started = process.hrtime.bigint();
for (const o of observations) sum += predictObservation(trained.params, o).factors.length;
const predictRate = open.length / seconds(started);
console.log(
  `scoring ${fmt(open.length, 0)} open deals: features ${fmt(observeRate, 0)}/s (baseline), probability ${fmt(probabilityRate, 0)}/s (${fmt(probabilityRate / observeRate, 2)}x), with factors and next best actions ${fmt(predictRate, 0)}/s (${fmt(predictRate / observeRate, 2)}x) (checksum ${fmt(sum, 0)})`,
);
console.log(`peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
