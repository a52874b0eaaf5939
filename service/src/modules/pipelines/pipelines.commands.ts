import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError, type FieldError } from '../../core/errors/app-error.js';
import { emitEvent } from '../../core/events/events.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { CommandInput } from '../../core/module/module.js';
import { PIPELINE_PERMISSIONS } from './pipelines.policy.js';
import { presentPipeline, presentStage } from './pipelines.presenter.js';
import * as repo from './pipelines.repo.js';
import type { Pipeline, Stage, StageKind } from './pipelines.tables.js';

type Command = CommandInput;

/** A pipeline with its stages that are not archived, in order: what every pipeline command returns. */
export interface PipelineWithStages {
  pipeline: Pipeline;
  stages: Stage[];
}

export interface StageInput {
  name: string;
  kind: StageKind;
  probability: number;
}

/** A stage of a pipeline's new stage list: with the id of one it has, or new. */
export type StageChange = StageInput & { id?: string | undefined };

/** The pipeline every new organization starts with. */
export const DEFAULT_PIPELINE = {
  name: 'Sales',
  stages: [
    { name: 'Prospecting', kind: 'open', probability: 10 },
    { name: 'Qualification', kind: 'open', probability: 20 },
    { name: 'Proposal', kind: 'open', probability: 50 },
    { name: 'Negotiation', kind: 'open', probability: 75 },
    { name: 'Won', kind: 'won', probability: 100 },
    { name: 'Lost', kind: 'lost', probability: 0 },
  ] satisfies StageInput[],
} as const;

async function withStages(tx: Tx, pipeline: Pipeline): Promise<PipelineWithStages> {
  return { pipeline, stages: (await repo.stagesOf(tx, [pipeline.id])).get(pipeline.id) ?? [] };
}

const present = ({ pipeline, stages }: PipelineWithStages) => presentPipeline(pipeline, stages);

/** What audit entries and events say about a pipeline: the presented shape, stages included. */
const snapshot = present;

export async function listPipelines({ tx }: Command): Promise<PipelineWithStages[]> {
  const rows = await repo.listPipelines(tx);
  const stages = await repo.stagesOf(
    tx,
    rows.map((pipeline) => pipeline.id),
  );
  return rows.map((pipeline) => ({ pipeline, stages: stages.get(pipeline.id) ?? [] }));
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  if (await repo.isNameTaken(tx, name, exceptId)) {
    throw new AppError('pipeline_name_taken', { message: `A pipeline named "${name}" already exists` });
  }
}

/** Inserts a pipeline and its stages; the first pipeline of an organization is its default. */
async function insertPipeline(
  tx: Tx,
  tenantId: string,
  input: { name: string; isDefault: boolean; stages: readonly StageInput[] },
): Promise<PipelineWithStages> {
  const { position, first } = await repo.nextPosition(tx);
  const isDefault = input.isDefault || first;
  if (isDefault) await repo.clearDefault(tx);
  const pipeline = await repo.insertPipeline(tx, { tenantId, name: input.name, isDefault, position });
  const stages = await repo.insertStages(
    tx,
    input.stages.map((stage, index) => ({ tenantId, pipelineId: pipeline.id, ...stage, position: index })),
  );
  return { pipeline, stages: stages.sort((a, b) => a.position - b.position) };
}

async function recordCreated(tx: Tx, tenantId: string, created: PipelineWithStages): Promise<void> {
  const after = snapshot(created);
  await recordAudit(tx, tenantId, {
    action: 'pipeline.created',
    entityType: 'pipeline',
    entityId: created.pipeline.id,
    after,
  });
  await emitEvent(tx, tenantId, {
    name: 'pipeline.created',
    stream: { type: 'pipeline', id: created.pipeline.id },
    payload: after,
  });
}

export async function createPipeline({
  actor,
  tx,
  ...input
}: Command & { name: string; isDefault: boolean; stages: StageInput[] }): Promise<PipelineWithStages> {
  assertAllowed(actor, PIPELINE_PERMISSIONS, 'create');
  await assertNameFree(tx, input.name);
  const created = await insertPipeline(tx, actor.tenantId, input);
  await recordCreated(tx, actor.tenantId, created);
  return created;
}

/**
 * A new organization's pipeline (Prospecting to Negotiation, Won, Lost), its default. Called where
 * organizations are created, inside that organization's scope.
 */
export async function createDefaultPipeline(tx: Tx, tenantId: string): Promise<PipelineWithStages> {
  const created = await insertPipeline(tx, tenantId, { ...DEFAULT_PIPELINE, isDefault: true });
  await recordCreated(tx, tenantId, created);
  return created;
}

interface StagePlan {
  list: StageChange[];
  archive: Stage[];
}

/**
 * Checks a pipeline's new stage list against the stages it has: ids must be its own (422), a stage
 * deals are in keeps its kind (the deals carry it), and a stage left out must hold no open deal (409).
 */
async function planStages(tx: Tx, pipeline: Pipeline, list: StageChange[]): Promise<StagePlan> {
  const all = (await repo.stagesOf(tx, [pipeline.id], { archived: true })).get(pipeline.id) ?? [];
  const byId = new Map(all.map((stage) => [stage.id, stage]));
  const errors: FieldError[] = [];
  const kept = new Set<string>();
  const kindChanges: [index: number, stage: Stage][] = [];
  list.forEach((change, index) => {
    if (!change.id) return;
    const stage = byId.get(change.id);
    if (!stage) errors.push({ path: `body.stages.${index}.id`, message: 'is not a stage of this pipeline' });
    else if (kept.has(stage.id)) errors.push({ path: `body.stages.${index}.id`, message: 'is given twice' });
    else if (stage.kind !== change.kind) kindChanges.push([index, stage]);
    kept.add(change.id);
  });
  const used = await repo.stagesWithOpportunities(
    tx,
    kindChanges.map(([, stage]) => stage.id),
  );
  for (const [index, stage] of kindChanges.filter(([, stage]) => used.has(stage.id))) {
    errors.push({
      path: `body.stages.${index}.kind`,
      message: `opportunities are in the stage "${stage.name}", so it stays ${stage.kind}; add a new stage instead`,
    });
  }
  if (errors.length) throw AppError.validation(errors);
  const archive = all.filter((stage) => !stage.archivedAt && !kept.has(stage.id));
  const open = await repo.openOpportunityCounts(
    tx,
    archive.map((stage) => stage.id),
  );
  const busy = archive.filter((stage) => open.has(stage.id));
  if (busy.length) {
    const names = busy.map((stage) => `"${stage.name}" (${open.get(stage.id)} open)`).join(', ');
    throw new AppError('stage_in_use', {
      message: `Open opportunities are in the stage ${names}: move them to another stage before removing it`,
    });
  }
  return { list, archive };
}

async function applyStages(tx: Tx, pipeline: Pipeline, plan: StagePlan): Promise<void> {
  for (const [position, { id, ...stage }] of plan.list.entries()) {
    if (id) await repo.updateStage(tx, id, { ...stage, position });
  }
  await repo.insertStages(
    tx,
    plan.list.flatMap(({ id, ...stage }, position) =>
      id ? [] : [{ tenantId: pipeline.tenantId, pipelineId: pipeline.id, ...stage, position }],
    ),
  );
  await repo.archiveStages(
    tx,
    plan.archive.map((stage) => stage.id),
  );
}

/**
 * Renames a pipeline, makes it the default, or gives it a new stage list (see `planStages`). Stages
 * keep their ids through renames and reorders, so deals' stage history stays intact.
 */
export async function updatePipeline({
  actor,
  tx,
  pipelineId,
  version,
  name,
  isDefault,
  stages,
}: Command & {
  pipelineId: string;
  version: number;
  name?: string | undefined;
  isDefault?: boolean | undefined;
  stages?: StageChange[] | undefined;
}): Promise<PipelineWithStages> {
  assertAllowed(actor, PIPELINE_PERMISSIONS, 'update');
  const pipeline = await repo.findPipeline(tx, pipelineId);
  if (!pipeline) throw AppError.notFound('Pipeline');
  const before = await withStages(tx, pipeline);
  if (pipeline.version !== version) throw AppError.staleVersion(present(before));
  if (name !== undefined) await assertNameFree(tx, name, pipelineId);
  if (isDefault === false && pipeline.isDefault) {
    throw AppError.validation([
      { path: 'body.isDefault', message: 'stays true until another pipeline is made the default' },
    ]);
  }
  const plan = stages && (await planStages(tx, pipeline, stages));
  if (isDefault && !pipeline.isDefault) await repo.clearDefault(tx, pipelineId);
  const updated = await repo.updatePipeline(
    tx,
    { id: pipelineId, version },
    { ...(name !== undefined && { name }), ...(isDefault && { isDefault }) },
  );
  if (!updated) {
    // Changed since it was read above (a concurrent update committed first): answer with that one.
    const current = (await repo.findPipeline(tx, pipelineId)) ?? pipeline;
    throw AppError.staleVersion(present(await withStages(tx, current)));
  }
  if (plan) await applyStages(tx, updated, plan);
  const after = await withStages(tx, updated);
  await recordUpdated(tx, actor.tenantId, { before, after, archived: plan?.archive ?? [] });
  return after;
}

async function recordUpdated(
  tx: Tx,
  tenantId: string,
  change: { before: PipelineWithStages; after: PipelineWithStages; archived: Stage[] },
): Promise<void> {
  const after = snapshot(change.after);
  const id = change.after.pipeline.id;
  await recordAudit(tx, tenantId, {
    action: 'pipeline.updated',
    entityType: 'pipeline',
    entityId: id,
    before: snapshot(change.before),
    after,
  });
  await emitEvent(tx, tenantId, {
    name: 'pipeline.updated',
    stream: { type: 'pipeline', id },
    payload: { ...after, archivedStages: change.archived.map(presentStage) },
  });
}
