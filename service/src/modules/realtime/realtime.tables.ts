import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, tenantId, timestampColumn } from '../../core/db/columns.js';

/**
 * What WebSocket clients are sent, kept for an hour so a client that reconnects with the last id it saw
 * gets what it missed. `audience` is who may see the record the event is about, decided when the event
 * is written (a private task's events have only its assignees, creator and their managers).
 */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    tenantId: tenantId(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    audience: uuid('audience').array().notNull(),
    /** The domain event it was made from (none for presence): a second delivery writes nothing. */
    sourcePosition: bigint('source_position', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('realtime_events_created_idx').on(table.createdAt),
    uniqueIndex('realtime_events_source_unique').on(table.tenantId, table.sourcePosition),
  ],
);

/** Who is connected, per process (`instanceId`): a member is online while any instance holds them. */
export const presence = pgTable(
  'presence',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    instanceId: text('instance_id').notNull(),
    connections: integer('connections').notNull().default(1),
    heartbeatAt: timestampColumn('heartbeat_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.userId, table.instanceId] }),
    index('presence_heartbeat_idx').on(table.heartbeatAt),
  ],
);

export type RealtimeEvent = typeof realtimeEvents.$inferSelect;
