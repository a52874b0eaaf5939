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
  uuid,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  customFields,
  id,
  softDelete,
  tenantId,
  timestampColumn,
  updatedAt,
  version,
  importedFrom,
} from '../../core/db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships } from '../roles/roles.tables.js';

export const interactionTypes = ['call', 'meeting', 'email', 'demo', 'note', 'message'] as const;
export const interactionDirections = ['inbound', 'outbound'] as const;
export const interactionOutcomes = ['positive', 'neutral', 'negative'] as const;
export type InteractionType = (typeof interactionTypes)[number];

/** A call, meeting, email, demo, note or message with a customer, and how it went. */
export const interactions = pgTable(
  'interactions',
  {
    tenantId: tenantId(),
    id: id(),
    type: text('type', { enum: interactionTypes }).notNull(),
    direction: text('direction', { enum: interactionDirections }),
    occurredAt: timestampColumn('occurred_at').notNull(),
    durationMinutes: integer('duration_minutes'),
    outcome: text('outcome', { enum: interactionOutcomes }),
    summary: text('summary').notNull().default(''),
    customerId: uuid('customer_id'),
    opportunityId: uuid('opportunity_id'),
    nextStep: text('next_step').notNull().default(''),
    /** Engagement signals the predictive engine reads. */
    attended: boolean('attended'),
    replied: boolean('replied'),
    decisionMakerPresent: boolean('decision_maker_present'),
    objectionRaised: boolean('objection_raised'),
    objectionResolved: boolean('objection_resolved'),
    /** Who logged it (and whose it is: record scope). */
    ownerId: uuid('owner_id').notNull(),
    customFields: customFields(),
    ...importedFrom(),
    ...softDelete(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('interactions_external_id_idx')
      .on(table.tenantId, table.externalId)
      .where(sql`external_id is not null and deleted_at is null`),
    index('interactions_import_idx')
      .on(table.tenantId, table.importId, table.importLine)
      .where(sql`import_id is not null`),
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({ columns: [table.tenantId], foreignColumns: [tenants.id], name: 'interactions_tenant_fk' }),
    foreignKey({
      columns: [table.tenantId, table.customerId],
      foreignColumns: [customers.tenantId, customers.id],
      name: 'interactions_customer_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.opportunityId],
      foreignColumns: [opportunities.tenantId, opportunities.id],
      name: 'interactions_opportunity_fk',
    }),
    foreignKey({
      columns: [table.tenantId, table.ownerId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'interactions_owner_fk',
    }),
    // A customer's interactions newest first, read in order (timeline, lists): (occurred_at, id) is the key.
    index('interactions_customer_idx').on(table.tenantId, table.customerId, table.occurredAt, table.id),
    // A deal's interactions by time; customer_id and id make the timeline's look for those of a
    // customer's deals filed under no or another customer an index-only scan.
    index('interactions_opportunity_idx').on(
      table.tenantId,
      table.opportunityId,
      table.occurredAt,
      table.customerId,
      table.id,
    ),
    index('interactions_owner_idx').on(table.tenantId, table.ownerId, table.occurredAt),
    check(
      'interactions_duration_check',
      sql`${table.durationMinutes} is null or ${table.durationMinutes} >= 0`,
    ),
  ],
);

export const participantKinds = ['contact', 'user'] as const;

/** Who took part: contacts of the customer and users of the organization. */
export const interactionParticipants = pgTable(
  'interaction_participants',
  {
    tenantId: tenantId(),
    interactionId: uuid('interaction_id').notNull(),
    kind: text('kind', { enum: participantKinds }).notNull(),
    participantId: uuid('participant_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.interactionId, table.kind, table.participantId] }),
    foreignKey({
      columns: [table.tenantId, table.interactionId],
      foreignColumns: [interactions.tenantId, interactions.id],
      name: 'interaction_participants_interaction_fk',
    }).onDelete('cascade'),
    index('interaction_participants_participant_idx').on(table.tenantId, table.participantId),
  ],
);

export type Interaction = typeof interactions.$inferSelect;
export type InteractionParticipant = typeof interactionParticipants.$inferSelect;
