import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt, version } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

export const customFieldObjects = ['customer', 'contact', 'opportunity', 'interaction'] as const;
export const customFieldTypes = [
  'text',
  'number',
  'money',
  'date',
  'enum',
  'multi_enum',
  'boolean',
  'user',
  'url',
] as const;
export type CustomFieldObject = (typeof customFieldObjects)[number];
export type CustomFieldType = (typeof customFieldTypes)[number];

/** A field an organization adds to one kind of record; values live in that record's `custom_fields`. */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    tenantId: tenantId(),
    id: id(),
    object: text('object', { enum: customFieldObjects }).notNull(),
    /** The key values are stored under: lower_snake_case, fixed once created. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: customFieldTypes }).notNull(),
    /** Choices of an enum or multi-enum field. */
    options: text('options')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      columns: [table.tenantId],
      foreignColumns: [tenants.id],
      name: 'custom_field_definitions_tenant_fk',
    }),
    uniqueIndex('custom_field_definitions_key_unique').on(table.tenantId, table.object, table.key),
    check(
      'custom_field_definitions_object_check',
      sql`${table.object} in ('customer', 'contact', 'opportunity', 'interaction')`,
    ),
  ],
);

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;
