import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
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
