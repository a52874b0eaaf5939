import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { invitations } from '../invitations/invitations.tables.js';
import { visibleWhere } from './roles.policy.js';
import { memberships, roles, type Role } from './roles.tables.js';

export function listVisibleRoles(tx: Tx, actor: Actor): Promise<Role[]> {
  return tx.select().from(roles).where(visibleWhere(actor)).orderBy(asc(roles.createdAt));
}

/** The role when the actor may see it; undefined otherwise (a 404 to the caller either way). */
export async function findVisibleRole(tx: Tx, actor: Actor, id: string): Promise<Role | undefined> {
  const [role] = await tx
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), visibleWhere(actor)))
    .limit(1);
  return role;
}

/** How many members hold each role (roles nobody holds are absent). */
export async function memberCounts(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx
    .select({ roleId: memberships.roleId, members: count() })
    .from(memberships)
    .groupBy(memberships.roleId);
  return new Map(rows.map((row) => [row.roleId, row.members]));
}

export async function memberCount(tx: Tx, roleId: string): Promise<number> {
  const [row] = await tx.select({ members: count() }).from(memberships).where(eq(memberships.roleId, roleId));
  return row?.members ?? 0;
}

export async function pendingInvitationCount(tx: Tx, roleId: string): Promise<number> {
  const [row] = await tx
    .select({ pending: count() })
    .from(invitations)
    .where(and(eq(invitations.roleId, roleId), eq(invitations.status, 'pending')));
  return row?.pending ?? 0;
}

/** Names are unique in an organization, ignoring case. */
export async function isNameTaken(tx: Tx, name: string, exceptId?: string): Promise<boolean> {
  const [clash] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(sql`lower(${roles.name}) = lower(${name})`, exceptId ? ne(roles.id, exceptId) : undefined))
    .limit(1);
  return clash !== undefined;
}

export async function insertRole(tx: Tx, values: typeof roles.$inferInsert): Promise<Role> {
  const [role] = await tx.insert(roles).values(values).returning();
  return role!;
}

/** Applies the change when `version` is still current; undefined when someone changed it first. */
export async function updateRole(
  tx: Tx,
  input: {
    id: string;
    version: number;
    name?: string | undefined;
    description?: string | undefined;
    permissions?: string[] | undefined;
  },
): Promise<Role | undefined> {
  const [updated] = await tx
    .update(roles)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.permissions !== undefined && { permissions: input.permissions }),
      version: input.version + 1,
    })
    .where(and(eq(roles.id, input.id), eq(roles.version, input.version)))
    .returning();
  return updated;
}

export async function deleteRole(tx: Tx, id: string): Promise<void> {
  await tx.delete(roles).where(eq(roles.id, id));
}
