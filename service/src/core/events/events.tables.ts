import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantId, timestampColumn } from '../db/columns.js';

/** A PostgreSQL transaction id (`xid8`), read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * What commands say happened, written in the command's own transaction. `position` orders events;
 * `txId` (the writing transaction) lets the dispatcher read only what no running transaction can still
 * add before, so a slow commit is never skipped.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    tenantId: tenantId(),
    position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity(),
    txId: xid8('tx_id')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    name: text('name').notNull(),
    /** The record the event is about: events of one record are delivered in order. */
    streamType: text('stream_type').notNull(),
    streamId: uuid('stream_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id'),
    via: text('via').notNull(),
    occurredAt: timestampColumn('occurred_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.position] }),
    index('domain_events_order_idx').on(table.txId, table.position),
    index('domain_events_stream_idx').on(table.tenantId, table.streamType, table.streamId, table.position),
  ],
);

/** How far each handler has read the event log (not tenant-owned: one dispatcher serves every tenant). */
export const eventCheckpoints = pgTable('event_checkpoints', {
  handler: text('handler').primaryKey(),
  txId: xid8('tx_id')
    .notNull()
    .default(sql`'0'::xid8`),
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
});

/** Events a handler gave up on after its retries, kept to be looked at and replayed. */
export const eventFailures = pgTable(
  'event_failures',
  {
    handler: text('handler').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error').notNull(),
    failedAt: timestampColumn('failed_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.handler, table.position] })],
);

export type DomainEventRow = typeof domainEvents.$inferSelect;
