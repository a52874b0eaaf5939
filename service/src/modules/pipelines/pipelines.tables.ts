import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

/** A sales process: ordered stages deals move through. */
export const pipelines = pgTable(
  'pipelines',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'pipelines_tenant_fk' }),
    uniqueIndex('pipelines_name_unique').on(table.tenantId, sql`lower(${table.name})`),
    uniqueIndex('pipelines_one_default')
      .on(table.tenantId)
      .where(sql`is_default`),
  ],
);

export const stageKinds = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof stageKinds)[number];

/**
 * A step of a pipeline. Renaming and reordering change this row only: history refers to stages by id,
 * so it stays intact. A stage taken out of a pipeline is archived, never deleted.
 */
export const stages = pgTable(
  'stages',
  {
    tenantId: tenantId(),
    id: id(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: stageKinds }).notNull().default('open'),
    /** Default win probability of a deal in this stage, in percent. */
    probability: integer('probability').notNull(),
    position: integer('position').notNull(),
    archivedAt: timestampColumn('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.pipelineId],
      foreignColumns: [pipelines.tenantId, pipelines.id],
      name: 'stages_pipeline_fk',
    }),
    index('stages_pipeline_idx').on(table.tenantId, table.pipelineId, table.position),
    check('stages_kind_check', sql`${table.kind} in ('open', 'won', 'lost')`),
    check('stages_probability_check', sql`${table.probability} between 0 and 100`),
  ],
);

export type Pipeline = typeof pipelines.$inferSelect;
export type Stage = typeof stages.$inferSelect;
