import { asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
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

/** Platform staff (super admins and support), by name. */
export function listStaff(tx: Tx): Promise<User[]> {
  return tx.select().from(users).where(isNotNull(users.platformRole)).orderBy(asc(users.name));
}

export interface HealthFigures {
  database_bytes: number;
  active_users: number;
  connections: number;
  active_organizations: number;
  suspended_organizations: number;
}

/**
 * The system's state in counts: database size, people active in the last 15 minutes, open WebSocket
 * connections (presence heartbeats of every process, 30 s apart), organizations by status.
 */
export async function healthFigures(tx: Tx): Promise<HealthFigures> {
  const [row] = await queryRows<HealthFigures>(
    tx,
    sql`select pg_database_size(current_database())::float8 as database_bytes,
      (select count(distinct user_id) from sessions where last_seen_at > now() - interval '15 minutes')::int as active_users,
      (select coalesce(sum(connections), 0) from presence where heartbeat_at > now() - interval '90 seconds')::int as connections,
      (select count(*) from tenants where status = 'active')::int as active_organizations,
      (select count(*) from tenants where status = 'suspended')::int as suspended_organizations`,
  );
  return row!;
}

/** Jobs that failed in the last 24 hours, by queue (none while the job tables do not exist yet). */
export async function failedJobs(tx: Tx): Promise<Record<string, number>> {
  const [table] = await queryRows<{ found: boolean }>(
    tx,
    sql`select to_regclass('pgboss.job') is not null as found`,
  );
  if (!table?.found) return {};
  const rows = await queryRows<{ name: string; failed: number }>(
    tx,
    sql`select name, count(*)::int as failed from pgboss.job
      where state = 'failed' and completed_on > now() - interval '24 hours' group by name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.failed]));
}
