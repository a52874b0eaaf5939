import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere } from './api-keys.policy.js';
import { apiKeys, type ApiKey } from './api-keys.tables.js';

export async function insertKey(tx: Tx, values: typeof apiKeys.$inferInsert): Promise<ApiKey> {
  const [key] = await tx.insert(apiKeys).values(values).returning();
  return key!;
}

export function listVisibleKeys(tx: Tx, actor: Actor): Promise<ApiKey[]> {
  return tx.select().from(apiKeys).where(visibleWhere(actor)).orderBy(desc(apiKeys.createdAt));
}

/** The key when the actor may see it; undefined otherwise (a 404 to the caller either way). */
export async function findVisibleKey(tx: Tx, actor: Actor, id: string): Promise<ApiKey | undefined> {
  const [key] = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), visibleWhere(actor)))
    .limit(1);
  return key;
}

/** Marks the key revoked; undefined when it already was. */
export async function revokeKey(tx: Tx, id: string): Promise<ApiKey | undefined> {
  const [key] = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return key;
}
