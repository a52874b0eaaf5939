import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
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

export const importTypes = [
  'customers',
  'contacts',
  'opportunities',
  'interactions',
  'tasks',
  'users',
] as const;
export type ImportType = (typeof importTypes)[number];

/**
 * `queued` -> `running` -> `completed` | `failed` | `cancelled`; a completed (or cancelled) import can be
 * undone: `undoing` -> `undone`.
 */
export const importStatuses = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'undoing',
  'undone',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const duplicatePolicies = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof duplicatePolicies)[number];

/** What an import was asked to do, as chosen when it was created. */
export interface ImportOptions {
  /** How `03/04/2025` reads: day first or month first (ISO dates always read). */
  dateOrder: 'dmy' | 'mdy' | 'ymd';
  /** The decimal mark of numbers: `1.234,56` with ',' and `1,234.56` with '.'. */
  decimalSeparator: '.' | ',';
  /** Columns that identify a duplicate (beyond the external id), e.g. `["email"]` or `["domain"]`. */
  duplicateKeys: string[];
  /** Currency for amounts that name none (ISO 4217); the organization's base currency otherwise. */
  defaultCurrency: string | null;
  /** Names a pipeline for opportunities that name none. */
  pipeline: string | null;
}

/** The counters of an import: rows read, written, skipped, and the problems found. */
export interface ImportCounts {
  read: number;
  created: number;
  updated: number;
  skipped: number;
  /** Rows not written because of a problem. */
  failed: number;
  /** Problems reported (a row can have several). */
  errors: number;
}

/** One CSV import: its file, mapping and options, its progress, and where a resumed run starts. */
export const imports = pgTable(
  'imports',
  {
    tenantId: tenantId(),
    id: id(),
    type: text('type', { enum: importTypes }).notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    duplicatePolicy: text('duplicate_policy', { enum: duplicatePolicies }).notNull().default('skip'),
    /** Field name -> the column header it is read from (as written in the file). */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    options: jsonb('options').$type<ImportOptions>().notNull(),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    encoding: text('encoding'),
    delimiter: text('delimiter'),
    /** Bytes of the file read by the last committed batch (progress while the row count is unknown). */
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    /** Data rows the last committed batch reached: a resumed run skips this many. */
    rowsDone: integer('rows_done').notNull().default(0),
    /** The file's data rows, once known (a first pass counts them). */
    rowsTotal: integer('rows_total'),
    counts: jsonb('counts')
      .$type<ImportCounts>()
      .notNull()
      .default({ read: 0, created: 0, updated: 0, skipped: 0, failed: 0, errors: 0 }),
    /** Why the import failed as a whole (the file, not a row). */
    error: text('error'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /**
     * The lease of the run working on it: a run commits a batch only while it holds the lease, and takes
     * over one whose heartbeat stopped (its process died) without waiting for the queue's expiry.
     */
    runnerId: uuid('runner_id'),
    heartbeatAt: timestampColumn('heartbeat_at'),
    createdBy: uuid('created_by').notNull(),
    startedAt: timestampColumn('started_at'),
    finishedAt: timestampColumn('finished_at'),
    undoneAt: timestampColumn('undone_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'imports_tenant_fk' }),
    index('imports_created_idx').on(table.tenantId, table.createdAt),
    check('imports_rows_check', sql`${table.rowsDone} >= 0`),
  ],
);

export type Import = typeof imports.$inferSelect;

/** A problem with one row (or, line 0, the file): what the error report lists. */
export const importErrors = pgTable(
  'import_errors',
  {
    tenantId: tenantId(),
    importId: uuid('import_id').notNull(),
    /** The problem's position in the import's report (0, 1, 2, ...). */
    seq: integer('seq').notNull(),
    line: integer('line').notNull(),
    column: text('column'),
    value: text('value'),
    message: text('message').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.importId, table.seq] }),
    foreignKey({
      columns: [table.tenantId, table.importId],
      foreignColumns: [imports.tenantId, imports.id],
      name: 'import_errors_import_fk',
    }).onDelete('cascade'),
    index('import_errors_import_idx').on(table.tenantId, table.importId, table.line),
  ],
);

/**
 * What an import changed, so it can be undone as a whole: a created record (deleted on undo) or an
 * updated one with its values before (restored on undo, unless it changed since).
 */
export const importChanges = pgTable(
  'import_changes',
  {
    tenantId: tenantId(),
    importId: uuid('import_id').notNull(),
    recordId: uuid('record_id').notNull(),
    created: boolean('created').notNull(),
    /** The record as it was before an update (the updatable columns only). */
    before: jsonb('before').$type<Record<string, unknown>>(),
    /** The record's version right after the import wrote it. */
    versionAfter: integer('version_after'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.importId, table.recordId] }),
    foreignKey({
      columns: [table.tenantId, table.importId],
      foreignColumns: [imports.tenantId, imports.id],
      name: 'import_changes_import_fk',
    }).onDelete('cascade'),
  ],
);

/** A mapping saved for reuse: which header feeds which field, per import type. */
export const importMappings = pgTable(
  'import_mappings',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    type: text('type', { enum: importTypes }).notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    options: jsonb('options').$type<Partial<ImportOptions>>().notNull().default({}),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId],
      foreignColumns: [tenants.id],
      name: 'import_mappings_tenant_fk',
    }),
    index('import_mappings_name_idx').on(table.tenantId, table.type, sql`lower(${table.name})`),
  ],
);

export type ImportMapping = typeof importMappings.$inferSelect;

/**
 * The keys customers and contacts are found by (a customer's domains and name, a contact's emails and
 * name), one row each, kept by triggers on those tables. Row-level security lets PostgreSQL use an
 * index only for leakproof operators: `domains && $1` and `lower(name) = $1` are not, so on the records
 * themselves every lookup read the whole organization; here it is `key = any($1)` on a btree.
 */
export const recordKeys = pgTable(
  'record_keys',
  {
    tenantId: tenantId(),
    recordType: text('record_type', { enum: ['customer', 'contact'] }).notNull(),
    /** `domain`, `email` or `name` (lower-cased). */
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    recordId: uuid('record_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.recordType, table.kind, table.key, table.recordId] }),
    index('record_keys_record_idx').on(table.tenantId, table.recordId),
  ],
);
