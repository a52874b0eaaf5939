import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { pipelines, stages, type Pipeline, type Stage } from './pipelines.tables.js';

export function listPipelines(tx: Tx): Promise<Pipeline[]> {
  return tx.select().from(pipelines).orderBy(asc(pipelines.position), asc(pipelines.name));
}

export async function findPipeline(tx: Tx, id: string): Promise<Pipeline | undefined> {
  const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, id)).limit(1);
  return pipeline;
}

/** Each pipeline's stages in order; archived ones only when asked. */
export async function stagesOf(
  tx: Tx,
  pipelineIds: string[],
  options: { archived?: boolean } = {},
): Promise<Map<string, Stage[]>> {
  const byPipeline = new Map<string, Stage[]>(pipelineIds.map((id) => [id, []]));
  if (!pipelineIds.length) return byPipeline;
  const rows = await tx
    .select()
    .from(stages)
    .where(
      and(inArray(stages.pipelineId, pipelineIds), options.archived ? undefined : isNull(stages.archivedAt)),
    )
    .orderBy(asc(stages.position), asc(stages.createdAt));
  for (const stage of rows) byPipeline.get(stage.pipelineId)?.push(stage);
  return byPipeline;
}

/** A stage deals can be in (not archived), with its pipeline; undefined for an unknown or archived id. */
export async function findStage(
  tx: Tx,
  stageId: string,
): Promise<{ stage: Stage; pipeline: Pipeline } | undefined> {
  const [found] = await tx
    .select({ stage: stages, pipeline: pipelines })
    .from(stages)
    .innerJoin(pipelines, and(eq(pipelines.tenantId, stages.tenantId), eq(pipelines.id, stages.pipelineId)))
    .where(and(eq(stages.id, stageId), isNull(stages.archivedAt)))
    .limit(1);
  return found;
}

/** Where new deals go: the default pipeline and its first open stage (undefined before there is one). */
export async function defaultPipeline(tx: Tx): Promise<{ pipeline: Pipeline; stage: Stage } | undefined> {
  const [found] = await tx
    .select({ pipeline: pipelines, stage: stages })
    .from(pipelines)
    .innerJoin(stages, and(eq(stages.tenantId, pipelines.tenantId), eq(stages.pipelineId, pipelines.id)))
    .where(and(eq(pipelines.isDefault, true), eq(stages.kind, 'open'), isNull(stages.archivedAt)))
    .orderBy(asc(stages.position))
    .limit(1);
  return found;
}

export async function isNameTaken(tx: Tx, name: string, exceptId?: string): Promise<boolean> {
  const [clash] = await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(
      and(sql`lower(${pipelines.name}) = lower(${name})`, exceptId ? ne(pipelines.id, exceptId) : undefined),
    )
    .limit(1);
  return clash !== undefined;
}

/** The position after the last pipeline, and whether there is any pipeline yet. */
export async function nextPosition(tx: Tx): Promise<{ position: number; first: boolean }> {
  const [row] = await tx
    .select({
      next: sql<number>`coalesce(max(${pipelines.position}) + 1, 0)::int`,
      n: sql<number>`count(*)::int`,
    })
    .from(pipelines);
  return { position: row?.next ?? 0, first: (row?.n ?? 0) === 0 };
}

/** Takes the default flag from every pipeline but `exceptId` (one default per organization). */
export async function clearDefault(tx: Tx, exceptId?: string): Promise<void> {
  await tx
    .update(pipelines)
    .set({ isDefault: false })
    .where(and(eq(pipelines.isDefault, true), exceptId ? ne(pipelines.id, exceptId) : undefined));
}

export async function insertPipeline(tx: Tx, values: typeof pipelines.$inferInsert): Promise<Pipeline> {
  const [pipeline] = await tx.insert(pipelines).values(values).returning();
  return pipeline!;
}

export function updatePipeline(
  tx: Tx,
  key: { id: string; version: number },
  change: Partial<Pick<Pipeline, 'name' | 'isDefault'>>,
): Promise<Pipeline | undefined> {
  return updateVersioned(tx, pipelines, key, change);
}

export async function insertStages(tx: Tx, values: (typeof stages.$inferInsert)[]): Promise<Stage[]> {
  if (!values.length) return [];
  return tx.insert(stages).values(values).returning();
}

export async function updateStage(
  tx: Tx,
  id: string,
  change: Pick<Stage, 'name' | 'kind' | 'probability' | 'position'>,
): Promise<void> {
  await tx
    .update(stages)
    .set({ ...change, archivedAt: null })
    .where(eq(stages.id, id));
}

export async function archiveStages(tx: Tx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await tx.update(stages).set({ archivedAt: new Date() }).where(inArray(stages.id, ids));
}

/** How many open deals (not in the trash) are in each of `stageIds`, for those that have any. */
export async function openOpportunityCounts(tx: Tx, stageIds: string[]): Promise<Map<string, number>> {
  if (!stageIds.length) return new Map();
  const rows = await tx
    .select({ stageId: opportunities.stageId, n: sql<number>`count(*)::int` })
    .from(opportunities)
    .where(
      and(
        inArray(opportunities.stageId, stageIds),
        eq(opportunities.status, 'open'),
        isNull(opportunities.deletedAt),
      ),
    )
    .groupBy(opportunities.stageId);
  return new Map(rows.map((row) => [row.stageId, row.n]));
}

/** Which of `stageIds` any deal is in (trash included): their kind is kept on those deals. */
export async function stagesWithOpportunities(tx: Tx, stageIds: string[]): Promise<Set<string>> {
  if (!stageIds.length) return new Set();
  const rows = await tx
    .selectDistinct({ stageId: opportunities.stageId })
    .from(opportunities)
    .where(inArray(opportunities.stageId, stageIds));
  return new Set(rows.map((row) => row.stageId));
}
