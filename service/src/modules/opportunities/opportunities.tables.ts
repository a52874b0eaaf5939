import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
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
  timestampColumn,
  tsvector,
  updatedAt,
  version,
  importedFrom,
} from '../../core/db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { pipelines, stages } from '../pipelines/pipelines.tables.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';

export const opportunityStatuses = ['open', 'won', 'lost'] as const;
export const competitionLevels = ['none', 'low', 'medium', 'high'] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

/** A deal: what a customer may buy, how much, and where it stands. */
export const opportunities = pgTable(
  'opportunities',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** Exact decimal with two places, in `currency` (ISO 4217). */
    amount: decimal('amount').notNull().default('0'),
    currency: char('currency', { length: 3 }).notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    /** The kind of the current stage, kept with the deal so open/won/lost filters need no join. */
    status: text('status', { enum: opportunityStatuses }).notNull().default('open'),
    stageEnteredAt: timestampColumn('stage_entered_at').notNull().defaultNow(),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    closedAt: timestampColumn('closed_at'),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    source: text('source').notNull().default(''),
    competitors: text('competitors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    competitionLevel: text('competition_level', { enum: competitionLevels }),
    lostReason: text('lost_reason'),
    nextStep: text('next_step').notNull().default(''),
    /** A person's own estimate in percent, overriding the stage's default probability. */
    probabilityOverride: integer('probability_override'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    customFields: customFields(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(name, '') || ' ' || search_words(tags))`,
    ),
    ...importedFrom(),
    ...softDelete(),
    createdBy: uuid('created_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('opportunities_external_id_idx')
      .on(table.tenantId, table.externalId)
      .where(sql`external_id is not null and deleted_at is null`),
    index('opportunities_import_idx')
      .on(table.tenantId, table.importId, table.importLine)
      .where(sql`import_id is not null`),
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'opportunities_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.customerId],
      foreignColumns: [customers.tenantId, customers.id],
      name: 'opportunities_customer_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.pipelineId],
      foreignColumns: [pipelines.tenantId, pipelines.id],
      name: 'opportunities_pipeline_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.stageId],
      foreignColumns: [stages.tenantId, stages.id],
      name: 'opportunities_stage_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'opportunities_owner_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.teamId],
      foreignColumns: [teams.tenantId, teams.id],
      name: 'opportunities_team_fk',
    }).onDelete('set null'),
    // A person's deals of a status, newest first (lists read the first page in index order).
    index('opportunities_owner_idx')
      .on(table.tenantId, table.ownerId, table.status, table.createdAt.desc(), table.id.desc())
      .where(sql`deleted_at is null`),
    index('opportunities_stage_idx')
      .on(table.tenantId, table.stageId)
      .where(sql`deleted_at is null`),
    // Pipeline totals: open deals per stage, and closed deals per stage and period, as index-only scans
    // (the trailing columns stand in for INCLUDE, which drizzle cannot declare; currency and override
    // right after the stage let the open deals' groups come out of the index in order).
    index('opportunities_open_stage_idx')
      .on(
        table.tenantId,
        table.stageId,
        table.currency,
        table.probabilityOverride,
        table.ownerId,
        table.amount,
      )
      .where(sql`deleted_at is null and status = 'open'`),
    index('opportunities_closed_stage_idx')
      .on(
        table.tenantId,
        table.stageId,
        table.closedAt,
        table.currency,
        table.ownerId,
        table.amount,
        table.probabilityOverride,
      )
      .where(sql`deleted_at is null and status <> 'open'`),
    index('opportunities_customer_idx').on(table.tenantId, table.customerId),
    index('opportunities_close_idx').on(table.tenantId, table.expectedCloseDate),
    index('opportunities_search_idx').using('gin', table.search),
    index('opportunities_name_trgm_idx').using('gin', sql`lower(${table.name}) gin_trgm_ops`),
    check('opportunities_amount_check', sql`${table.amount} >= 0`),
    check('opportunities_status_check', sql`${table.status} in ('open', 'won', 'lost')`),
    check(
      'opportunities_probability_check',
      sql`${table.probabilityOverride} is null or ${table.probabilityOverride} between 0 and 100`,
    ),
  ],
);

/** Every stage a deal entered, with who moved it and through which channel: cycle speed reads this. */
export const opportunityStageHistory = pgTable(
  'opportunity_stage_history',
  {
    tenantId: tenantId(),
    id: id(),
    opportunityId: uuid('opportunity_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    at: timestampColumn('at').notNull().defaultNow(),
    byUserId: uuid('by_user_id'),
    via: text('via').notNull(),
    lostReason: text('lost_reason'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'opportunity_stage_history_opportunity_fk',
    }),
    index('opportunity_stage_history_opportunity_idx').on(table.tenantId, table.opportunityId, table.at),
  ],
);

/** Every change of a deal's amount or currency. */
export const opportunityAmountHistory = pgTable(
  'opportunity_amount_history',
  {
    tenantId: tenantId(),
    id: id(),
    opportunityId: uuid('opportunity_id').notNull(),
    fromAmount: decimal('from_amount'),
    fromCurrency: char('from_currency', { length: 3 }),
    toAmount: decimal('to_amount').notNull(),
    toCurrency: char('to_currency', { length: 3 }).notNull(),
    at: timestampColumn('at').notNull().defaultNow(),
    byUserId: uuid('by_user_id'),
    via: text('via').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'opportunity_amount_history_opportunity_fk',
    }),
    index('opportunity_amount_history_opportunity_idx').on(table.tenantId, table.opportunityId, table.at),
  ],
);

/**
 * The organization's base currency and its exchange rates (units of base currency per unit of each
 * currency, as decimal strings), for totals across deals in different currencies.
 */
export const currencySettings = pgTable(
  'currency_settings',
  {
    tenantId: tenantId().primaryKey(),
    baseCurrency: char('base_currency', { length: 3 }).notNull().default('USD'),
    rates: jsonb('rates').$type<Record<string, string>>().notNull().default({}),
    version: version(),
    updatedAt: updatedAt(),
  },
  (table) => [
    foreignKey({
      columns: [table.tenantId],
      foreignColumns: [tenants.id],
      name: 'currency_settings_tenant_fk',
    }),
  ],
);

export type Opportunity = typeof opportunities.$inferSelect;
export type OpportunityStageChange = typeof opportunityStageHistory.$inferSelect;
export type OpportunityAmountChange = typeof opportunityAmountHistory.$inferSelect;
export type CurrencySettings = typeof currencySettings.$inferSelect;
