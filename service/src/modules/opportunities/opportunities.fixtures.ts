/**
 * What deals need around them in tests and in the permission matrix: a default pipeline (the one every
 * organization gets; made here when the organization has none yet), a second pipeline, and customers
 * written straight into their table so these tests do not depend on the customers module's commands.
 */
import { and, asc, eq } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import type { Database } from '../../core/db/database.js';
import { customers, pipelines, stages } from '../../core/db/schema.js';

export interface PipelineFixture {
  pipelineId: string;
  /** Open stages in order, then the won and the lost stage. */
  open: string[];
  won: string;
  lost: string;
  /** Default probability by stage id. */
  probability: Record<string, number>;
}

const SALES_STAGES = [
  ['Prospecting', 'open', 10],
  ['Qualification', 'open', 20],
  ['Proposal', 'open', 50],
  ['Negotiation', 'open', 75],
  ['Won', 'won', 100],
  ['Lost', 'lost', 0],
] as const;

async function readPipeline(db: Database, tenantId: string, pipelineId: string): Promise<PipelineFixture> {
  const rows = await db.transaction({ tenantId }, (tx) =>
    tx.select().from(stages).where(eq(stages.pipelineId, pipelineId)).orderBy(asc(stages.position)),
  );
  const only = (kind: string) => rows.find((stage) => stage.kind === kind)!.id;
  return {
    pipelineId,
    open: rows.filter((stage) => stage.kind === 'open').map((stage) => stage.id),
    won: only('won'),
    lost: only('lost'),
    probability: Object.fromEntries(rows.map((stage) => [stage.id, stage.probability])),
  };
}

/** A pipeline of the organization with the usual six stages; `isDefault` makes it the default one. */
export async function insertPipeline(
  db: Database,
  tenantId: string,
  options: { name: string; isDefault?: boolean },
): Promise<PipelineFixture> {
  const pipelineId = newId();
  await db.transaction({ tenantId }, async (tx) => {
    await tx
      .insert(pipelines)
      .values({ tenantId, id: pipelineId, name: options.name, isDefault: options.isDefault ?? false });
    await tx.insert(stages).values(
      SALES_STAGES.map(([name, kind, probability], position) => ({
        tenantId,
        pipelineId,
        name,
        kind,
        probability,
        position,
      })),
    );
  });
  return readPipeline(db, tenantId, pipelineId);
}

/** The organization's default pipeline, made first when it has none. */
export async function defaultPipelineOf(db: Database, tenantId: string): Promise<PipelineFixture> {
  const [existing] = await db.transaction({ tenantId }, (tx) =>
    tx
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(and(eq(pipelines.tenantId, tenantId), eq(pipelines.isDefault, true))),
  );
  if (existing) return readPipeline(db, tenantId, existing.id);
  return insertPipeline(db, tenantId, { name: 'Sales (test default)', isDefault: true });
}

/** A customer owned by `ownerId` (in the trash with `deletedAt`). */
export async function insertCustomer(
  db: Database,
  tenantId: string,
  values: { name: string; ownerId: string; deletedAt?: Date },
): Promise<string> {
  const id = newId();
  await db.transaction({ tenantId }, (tx) => tx.insert(customers).values({ tenantId, id, ...values }));
  return id;
}
