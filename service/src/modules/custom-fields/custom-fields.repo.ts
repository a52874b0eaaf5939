import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import { memberships } from '../roles/roles.tables.js';
import { users } from '../users/users.tables.js';
import {
  customFieldDefinitions,
  type CustomFieldDefinition,
  type CustomFieldObject,
} from './custom-fields.tables.js';

/** The organization's definitions (of one kind of record when `object` is given), in display order. */
export function listDefinitions(tx: Tx, object?: CustomFieldObject): Promise<CustomFieldDefinition[]> {
  return tx
    .select()
    .from(customFieldDefinitions)
    .where(object ? eq(customFieldDefinitions.object, object) : undefined)
    .orderBy(
      asc(customFieldDefinitions.object),
      asc(customFieldDefinitions.position),
      asc(customFieldDefinitions.id),
    );
}

export async function findDefinition(tx: Tx, id: string): Promise<CustomFieldDefinition | undefined> {
  const [definition] = await tx
    .select()
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.id, id))
    .limit(1);
  return definition;
}

export async function isKeyTaken(tx: Tx, object: CustomFieldObject, key: string): Promise<boolean> {
  const [clash] = await tx
    .select({ id: customFieldDefinitions.id })
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.object, object), eq(customFieldDefinitions.key, key)))
    .limit(1);
  return clash !== undefined;
}

/** The position after the last field of `object`. */
export async function nextPosition(tx: Tx, object: CustomFieldObject): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${customFieldDefinitions.position}) + 1, 0)::int` })
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.object, object));
  return row?.next ?? 0;
}

export async function insertDefinition(
  tx: Tx,
  values: typeof customFieldDefinitions.$inferInsert,
): Promise<CustomFieldDefinition> {
  const [definition] = await tx.insert(customFieldDefinitions).values(values).returning();
  return definition!;
}

export function updateDefinition(
  tx: Tx,
  key: { id: string; version: number },
  change: Partial<Pick<CustomFieldDefinition, 'label' | 'options' | 'required' | 'position'>>,
): Promise<CustomFieldDefinition | undefined> {
  return updateVersioned(tx, customFieldDefinitions, key, change);
}

export async function deleteDefinition(tx: Tx, id: string): Promise<void> {
  await tx.delete(customFieldDefinitions).where(eq(customFieldDefinitions.id, id));
}

/** Which of `userIds` are active members of the organization (active account, active membership). */
export async function activeMemberIds(tx: Tx, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await tx
    .select({ id: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(inArray(memberships.userId, userIds), eq(memberships.status, 'active'), eq(users.status, 'active')),
    );
  return new Set(rows.map((row) => row.id));
}

const TABLE_OF: Record<CustomFieldObject, string> = {
  customer: 'customers',
  contact: 'contacts',
  opportunity: 'opportunities',
  interaction: 'interactions',
};

/**
 * Takes a deleted field's values off every record of its kind, so they neither show nor come back under
 * a new field with the same key. Returns how many records held one.
 */
export async function removeValues(tx: Tx, object: CustomFieldObject, key: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(TABLE_OF[object])} set custom_fields = custom_fields - ${key}::text,
      version = version + 1, updated_at = now()
      where custom_fields ? ${key}::text returning id`,
  );
  return rows.length;
}
