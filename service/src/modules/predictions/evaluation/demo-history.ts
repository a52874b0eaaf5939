/**
 * A generated organization in memory, as the predictive engine reads it (no database): the demo
 * company's deals, stage and amount changes and conversations over two years, for tests, evaluation and
 * benchmarks.
 */
import { createHash } from 'node:crypto';
import { generateDemo, type DemoPlan } from '../../../demo/demo-generator.js';
import { USD_RATES } from '../../../demo/demo-model.js';
import type { DemoChunk } from '../../../demo/demo-tables.js';
import type { History } from '../engine/history.js';
import { DEFAULT_PIPELINE } from '../../pipelines/pipelines.commands.js';
import { historyFromRows, type HistoryRows, type StageRow } from '../engine/rows.js';

const DAY = 86_400_000;

/** The demo's stages: a new organization's default pipeline. */
export const DEMO_STAGES = DEFAULT_PIPELINE.stages;

/** The end of every generated history (fixed, so the same seed gives the same organization). */
export const DEMO_NOW = Date.UTC(2026, 10, 30);

export interface GeneratedOrganization {
  stages: StageRow[];
  chunk: DemoChunk;
  /** The rows as the database would return them. */
  rows: HistoryRows;
  now: number;
}

/** Generates `opportunities` deals over two years ending at DEMO_NOW; `plan` adds options (truths). */
export function generatedOrganization(options: {
  opportunities: number;
  seed: number;
  reps?: number;
  plan?: Partial<DemoPlan>;
}): GeneratedOrganization {
  // Ids from the seed too: the same seed gives the same organization, to the last id.
  const randomUUID = (() => {
    let counter = 0;
    return () => {
      const hex = createHash('sha256').update(`${options.seed}:${counter++}`).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    };
  })();
  const pipelineId = randomUUID();
  const stages: StageRow[] = DEMO_STAGES.map((stage, position) => ({
    id: randomUUID(),
    name: stage.name,
    pipeline_id: pipelineId,
    position,
    kind: stage.kind,
    probability: stage.probability,
  }));
  const chunk = generateDemo({
    tenantId: randomUUID(),
    seed: options.seed,
    now: new Date(DEMO_NOW),
    size: {
      customers: Math.max(50, Math.round(options.opportunities / 8)),
      opportunities: options.opportunities,
    },
    owners: Array.from({ length: options.reps ?? 12 }, (_, index) => ({
      userId: randomUUID(),
      teamId: null,
      role: index === 0 ? ('manager' as const) : ('rep' as const),
    })),
    pipeline: {
      id: pipelineId,
      openStageIds: stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id),
      wonStageId: stages.find((stage) => stage.kind === 'won')!.id,
      lostStageId: stages.find((stage) => stage.kind === 'lost')!.id,
    },
    ...options.plan,
  });
  // The generator's rows have the columns (and types) the database returns.
  const rows = {
    stages,
    customers: chunk.customers,
    opportunities: chunk.opportunities,
    stageChanges: chunk.opportunity_stage_history,
    amountChanges: chunk.opportunity_amount_history,
    interactions: chunk.interactions,
    toBase: (amount: number, currency: string) => amount * Number(USD_RATES[currency] ?? '1'),
  } as unknown as HistoryRows;
  return { stages, chunk, rows, now: DEMO_NOW };
}

export const historyOf = (org: GeneratedOrganization): History => historyFromRows(org.rows);

/** Eighteen months into the two years: where the demo evaluation splits. */
export const DEMO_CUT = DEMO_NOW - 183 * DAY;
