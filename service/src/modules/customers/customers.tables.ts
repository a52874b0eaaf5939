import { sql } from 'drizzle-orm';
import {
  char,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  uuid,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  customFields,
  decimal,
  id,
  softDelete,
  tenantId,
  tsvector,
  updatedAt,
  version,
  importedFrom,
} from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';

export const customerStatuses = ['prospect', 'active', 'churned'] as const;
export const sizeBands = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5001+'] as const;
/** The industry classification offered in forms and imports; free tags say the rest. */
export const industries = [
  'software',
  'financial_services',
  'healthcare',
  'manufacturing',
  'retail',
  'education',
  'government',
  'energy',
  'telecommunications',
  'media',
  'logistics',
  'real_estate',
  'professional_services',
  'hospitality',
  'nonprofit',
  'other',
] as const;

/** Companies the organization sells to. */
export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    /**
     * `lower(name)`, stored: lists page by it with plain text comparisons, which row-level security lets
     * PostgreSQL take to the index (`lower()` itself is not leakproof, so a keyset on it read every row).
     */
    nameKey: text('name_key').generatedAlwaysAs(sql`lower(name)`),
    domains: text('domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    industry: text('industry', { enum: industries }),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    sizeBand: text('size_band', { enum: sizeBands }),
    annualRevenue: decimal('annual_revenue'),
    /** ISO 4217 currency of the annual revenue. */
    revenueCurrency: char('revenue_currency', { length: 3 }),
    /** ISO 3166-1 alpha-2. */
    country: char('country', { length: 2 }),
    status: text('status', { enum: customerStatuses }).notNull().default('prospect'),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    customFields: customFields(),
    /** Set when merged into another customer (and then in the trash). */
    mergedIntoId: uuid('merged_into_id'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(name, '') || ' ' || search_words(domains) || ' ' || search_words(tags))`,
    ),
    ...importedFrom(),
    ...softDelete(),
    createdBy: uuid('created_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('customers_external_id_idx')
      .on(table.tenantId, table.externalId)
      .where(sql`external_id is not null and deleted_at is null`),
    index('customers_import_idx')
      .on(table.tenantId, table.importId, table.importLine)
      .where(sql`import_id is not null`),
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'customers_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'customers_owner_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.teamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'customers_team_fk',
    }).onDelete('set null'),
    index('customers_owner_idx')
      .on(table.tenantId, table.ownerId)
      .where(sql`deleted_at is null`),
    index('customers_name_idx').on(table.tenantId, table.nameKey, table.id),
    index('customers_search_idx').using('gin', table.search),
    index('customers_name_trgm_idx').using('gin', sql`lower(${table.name}) gin_trgm_ops`),
    index('customers_deleted_idx')
      .on(table.deletedAt)
      .where(sql`deleted_at is not null`),
    check('customers_status_check', sql`${table.status} in ('prospect', 'active', 'churned')`),
    check('customers_revenue_check', sql`${table.annualRevenue} is null or ${table.annualRevenue} >= 0`),
  ],
);

export type Customer = typeof customers.$inferSelect;
