import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { memberships, passwordResetTokens, roles, sessions, tenants, users } from '../../core/db/schema.js';

/** Queries of sign-in and sessions. They run in the `system: 'auth'` scope unless noted. */

export async function findUserByEmail(tx: Tx, email: string) {
  const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

export async function findUserById(tx: Tx, id: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/** A user's memberships with their organization and role, oldest first. */
export function listMemberships(tx: Tx, userId: string) {
  return tx
    .select({ membership: memberships, tenant: tenants, role: roles })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}
export type MembershipRow = Awaited<ReturnType<typeof listMemberships>>[number];

export async function insertSession(
  tx: Tx,
  values: {
    tokenHash: string;
    userId: string;
    activeTenantId: string | null;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  },
) {
  const [session] = await tx.insert(sessions).values(values).returning();
  return session!;
}

/** The session behind a cookie with its user, if the session has not expired by either limit. */
export async function findLiveSession(tx: Tx, tokenHash: string, idleSince: Date) {
  const [row] = await tx
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, idleSince),
      ),
    )
    .limit(1);
  return row;
}

export async function touchSession(tx: Tx, sessionId: string) {
  await tx.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, sessionId));
}

export async function deleteSessionByHash(tx: Tx, tokenHash: string) {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Revokes every session of a user, except `keepSessionId` when given. */
export async function deleteUserSessions(tx: Tx, userId: string, keepSessionId?: string) {
  await tx
    .delete(sessions)
    .where(
      keepSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
        : eq(sessions.userId, userId),
    );
}

export async function setSessionTenant(tx: Tx, sessionId: string, tenantId: string) {
  await tx.update(sessions).set({ activeTenantId: tenantId }).where(eq(sessions.id, sessionId));
}

export async function insertResetToken(
  tx: Tx,
  values: { userId: string; tokenHash: string; expiresAt: Date },
) {
  await tx.insert(passwordResetTokens).values(values);
}

export async function findResetToken(tx: Tx, tokenHash: string) {
  const [token] = await tx
    .select()
    .from(passwordResetTokens)
    .where(eq(passwordResetTokens.tokenHash, tokenHash))
    .limit(1);
  return token;
}

/** Marks the token used and retires every other open token of the same user. */
export async function consumeResetTokens(tx: Tx, userId: string) {
  await tx
    .update(passwordResetTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}

export async function setPassword(tx: Tx, userId: string, passwordHash: string) {
  await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
}

export async function markLogin(tx: Tx, userId: string) {
  await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
}

/** A user with each of their memberships (one row per membership; one row with nulls when none). */
export interface SelfRow {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  platform_role: 'super_admin' | 'support' | null;
  last_login_at: Date | null;
  created_at: Date;
  tenant_id: string | null;
  tenant_name: string | null;
  tenant_slug: string | null;
  tenant_status: 'active' | 'suspended' | null;
  tenant_plan: string | null;
  role_id: string | null;
  role_name: string | null;
  role_permissions: string[] | null;
  membership_status: 'active' | 'deactivated' | null;
}

/** `GET /me` in one statement (one round trip through `Database.read`), in the caller's own scope. */
export const SELF_WITH_MEMBERSHIPS = `
select u.id, u.email, u.name, u.status, u.platform_role, u.last_login_at, u.created_at,
       t.id as tenant_id, t.name as tenant_name, t.slug as tenant_slug, t.status as tenant_status,
       t.plan as tenant_plan, r.id as role_id, r.name as role_name, r.permissions as role_permissions,
       m.status as membership_status
  from users u
  left join memberships m on m.user_id = u.id
  left join tenants t on t.id = m.tenant_id
  left join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
 where u.id = $1
 order by m.created_at`;
