import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, timestampColumn, updatedAt } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

export const exportResources = ['customers', 'contacts', 'opportunities', 'interactions', 'tasks'] as const;
export type ExportResource = (typeof exportResources)[number];
export const exportFormats = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportStatuses = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** One export of a list as its caller sees it: filters and columns as asked, progress, and the file. */
export const exports = pgTable(
  'exports',
  {
    tenantId: tenantId(),
    id: id(),
    resource: text('resource', { enum: exportResources }).notNull(),
    format: text('format', { enum: exportFormats }).notNull(),
    status: text('status', { enum: exportStatuses }).notNull().default('queued'),
    /** The list's query parameters, as the list endpoint takes them. */
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    columns: text('columns').array().notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    /** The file in the data directory, once written; removed when the export expires. */
    filePath: text('file_path'),
    fileSize: bigint('file_size', { mode: 'number' }),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    startedAt: timestampColumn('started_at'),
    finishedAt: timestampColumn('finished_at'),
    expiresAt: timestampColumn('expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'exports_tenant_fk' }),
    index('exports_created_idx').on(table.tenantId, table.createdBy, table.createdAt),
  ],
);

export type Export = typeof exports.$inferSelect;
