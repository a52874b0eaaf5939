import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  createdAt,
  customFields,
  id,
  softDelete,
  tenantId,
  tsvector,
  updatedAt,
  version,
  importedFrom,
} from '../../core/db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';

/** People at customers. */
export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    /**
     * `lower(name)`, stored: lists page by it with plain text comparisons, which row-level security lets
     * PostgreSQL take to the index (`lower()` itself is not leakproof, so a keyset on it read every row).
     */
    nameKey: text('name_key').generatedAlwaysAs(sql`lower(name)`),
    title: text('title').notNull().default(''),
    emails: text('emails')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phones: text('phones')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes').notNull().default(''),
    ownerId: uuid('owner_id').notNull(),
    customFields: customFields(),
    mergedIntoId: uuid('merged_into_id'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(title, '') || ' ' || search_words(emails))`,
    ),
    ...importedFrom(),
    ...softDelete(),
    createdBy: uuid('created_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('contacts_external_id_idx')
      .on(table.tenantId, table.externalId)
      .where(sql`external_id is not null and deleted_at is null`),
    index('contacts_import_idx')
      .on(table.tenantId, table.importId, table.importLine)
      .where(sql`import_id is not null`),
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'contacts_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'contacts_owner_fk',
    }),
    index('contacts_owner_idx')
      .on(table.tenantId, table.ownerId)
      .where(sql`deleted_at is null`),
    index('contacts_name_idx').on(table.tenantId, table.nameKey, table.id),
    index('contacts_search_idx').using('gin', table.search),
    index('contacts_name_trgm_idx').using('gin', sql`lower(${table.name}) gin_trgm_ops`),
  ],
);

export const contactRoles = ['decision_maker', 'influencer', 'champion', 'user'] as const;

/** A contact's place at a customer: a contact can work with several customers, with a role at each. */
export const contactCustomers = pgTable(
  'contact_customers',
  {
    tenantId: tenantId(),
    contactId: uuid('contact_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    role: text('role', { enum: contactRoles }).notNull().default('user'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.contactId, table.customerId] }),
    foreignKey({
      columns: [table.tenantId, table.contactId],
      foreignColumns: [contacts.tenantId, contacts.id],
      name: 'contact_customers_contact_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.tenantId, table.customerId],
      foreignColumns: [customers.tenantId, customers.id],
      name: 'contact_customers_customer_fk',
    }).onDelete('cascade'),
    index('contact_customers_customer_idx').on(table.tenantId, table.customerId),
    check(
      'contact_customers_role_check',
      sql`${table.role} in ('decision_maker', 'influencer', 'champion', 'user')`,
    ),
  ],
);

export type Contact = typeof contacts.$inferSelect;
export type ContactCustomer = typeof contactCustomers.$inferSelect;
