import { asc, count, eq } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { memberships } from '../roles/roles.tables.js';
import { users, type User } from '../users/users.tables.js';
import { visibleWhere } from './platform.policy.js';
import { tenants, type Tenant } from './platform.tables.js';

/** Queries of platform work: they run inside `asPlatform`, across organizations. */

/** An organization with the number of its members. */
export interface OrganizationRow {
  tenant: Tenant;
  memberCount: number;
}

export async function isSlugTaken(tx: Tx, slug: string): Promise<boolean> {
  const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return clash !== undefined;
}

export async function listOrganizations(tx: Tx, actor: Actor): Promise<OrganizationRow[]> {
  const counts = tx
    .select({ tenantId: memberships.tenantId, n: count().as('n') })
    .from(memberships)
    .groupBy(memberships.tenantId)
    .as('counts');
  const rows = await tx
    .select({ tenant: tenants, memberCount: counts.n })
    .from(tenants)
    .leftJoin(counts, eq(counts.tenantId, tenants.id))
    .where(visibleWhere(actor))
    .orderBy(asc(tenants.createdAt));
  return rows.map((row) => ({ tenant: row.tenant, memberCount: row.memberCount ?? 0 }));
}

export async function findOrganization(tx: Tx, id: string): Promise<Tenant | undefined> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return tenant;
}

export async function updateOrganization(
  tx: Tx,
  input: {
    id: string;
    status?: 'active' | 'suspended' | undefined;
    plan?: string | undefined;
    name?: string | undefined;
  },
): Promise<Tenant> {
  const { id, ...change } = input;
  const [tenant] = await tx
    .update(tenants)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(tenants.id, id))
    .returning();
  return tenant!;
}

export async function memberCount(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, tenantId));
  return row?.n ?? 0;
}

export async function findUserByEmail(tx: Tx, email: string): Promise<User | undefined> {
  const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

/** Makes an existing user support staff, or registers a new one (without a password yet). */
export async function putSupportStaff(
  tx: Tx,
  input: { existing: User | undefined; email: string; name: string },
): Promise<User> {
  const [user] = input.existing
    ? await tx
        .update(users)
        .set({ platformRole: 'support' })
        .where(eq(users.id, input.existing.id))
        .returning()
    : await tx
        .insert(users)
        .values({ email: input.email, name: input.name, platformRole: 'support' })
        .returning();
  return user!;
}
