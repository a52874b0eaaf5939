import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
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
import { createdAt, id, softDelete, tenantId, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

export const documentParentTypes = ['customer', 'contact', 'opportunity', 'interaction', 'task'] as const;
export type DocumentParentType = (typeof documentParentTypes)[number];

/** A file attached to a record (a proposal, a contract); its content lives in versions. */
export const documents = pgTable(
  'documents',
  {
    tenantId: tenantId(),
    id: id(),
    parentType: text('parent_type', { enum: documentParentTypes }).notNull(),
    parentId: uuid('parent_id').notNull(),
    name: text('name').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    ...softDelete(),
    createdBy: uuid('created_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'documents_tenant_fk' }),
    index('documents_parent_idx').on(table.tenantId, table.parentType, table.parentId),
    check(
      'documents_parent_type_check',
      sql`${table.parentType} in ('customer', 'contact', 'opportunity', 'interaction', 'task')`,
    ),
  ],
);

/** One uploaded content of a document, stored by its SHA-256 under the data directory. */
export const documentVersions = pgTable(
  'document_versions',
  {
    tenantId: tenantId(),
    id: id(),
    documentId: uuid('document_id').notNull(),
    number: integer('number').notNull(),
    contentHash: char('content_hash', { length: 64 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull(),
    fileName: text('file_name').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.documentId],
      foreignColumns: [documents.tenantId, documents.id],
      name: 'document_versions_document_fk',
    }),
    uniqueIndex('document_versions_number_unique').on(table.tenantId, table.documentId, table.number),
  ],
);

export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
