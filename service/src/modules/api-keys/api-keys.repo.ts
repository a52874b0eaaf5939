import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { apiKeys, memberships, roles, tenants, users } from '../../core/db/schema.js';

/** A key with what decides whether it still works: its organization, its creator and their role. */
export async function findKeyForAuth(tx: Tx, prefix: string) {
  const [row] = await tx
    .select({ key: apiKeys, tenant: tenants, creator: users, membership: memberships, role: roles })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .innerJoin(
      memberships,
      and(eq(memberships.tenantId, apiKeys.tenantId), eq(memberships.userId, apiKeys.createdBy)),
    )
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)))
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  return row;
}

export async function touchKey(tx: Tx, id: string) {
  await tx.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, id));
}

export async function insertKey(tx: Tx, values: typeof apiKeys.$inferInsert) {
  const [key] = await tx.insert(apiKeys).values(values).returning();
  return key!;
}

export function listKeys(tx: Tx) {
  return tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export async function findKey(tx: Tx, id: string) {
  const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return key;
}

export async function revokeKey(tx: Tx, id: string) {
  const [key] = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return key;
}
