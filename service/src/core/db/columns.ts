import { customType, integer, jsonb, numeric, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

/** UUIDv7 ids: time-ordered, so primary-key indexes stay append-mostly. */
export const newId = (): string => uuidv7();

export const id = () => uuid('id').notNull().$defaultFn(newId);
export const tenantId = () => uuid('tenant_id').notNull();
export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Optimistic concurrency: updates carry the version they read; a stale one gets 409. */
export const version = () => integer('version').notNull().default(1);

/** A PostgreSQL `tsvector`, filled by a generated column; read only by search. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Money and other exact decimals: `numeric(18, 2)`, read and written as decimal strings, never floats. */
export const decimal = (name: string) => numeric(name, { precision: 18, scale: 2 });

/** Soft delete: a record in the trash keeps its row (and history) until the purge, 30 days later. */
export const softDelete = () => ({
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  deletedBy: uuid('deleted_by'),
});

/** Custom field values by field key, validated against the organization's definitions on write. */
export const customFields = () =>
  jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({});

/**
 * Where a record came from when an import wrote it: the source system's id (what re-imports and
 * duplicate detection match on), the import, and the file line. Kept after the import, so a record can
 * always say which row made it.
 */
export const importedFrom = () => ({
  externalId: text('external_id'),
  importId: uuid('import_id'),
  importLine: integer('import_line'),
});
