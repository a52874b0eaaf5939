import { asc, count, eq } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { newId } from '../../core/db/columns.js';
import { memberships, tenants, users, type Tenant } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordAudit } from '../../core/audit/audit.js';
import { issueResetToken, type AuthDeps } from '../auth/auth.service.js';
import { presentUser } from '../auth/auth.presenter.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { createInvitations } from '../invitations/invitations.service.js';
import { presentInvitation } from '../invitations/invitations.presenter.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import { createOrganization } from '../../core/platform/organizations.js';

function presentPlatformTenant(tenant: Tenant, memberCount: number) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    status: tenant.status,
    plan: tenant.plan,
    memberCount,
    createdAt: tenant.createdAt.toISOString(),
  };
}

async function assertSlugFree(tx: Tx, slug: string) {
  const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  if (clash) throw new AppError('conflict', { message: `The slug "${slug}" is taken` });
}

/** A new organization with its built-in roles, and an Org Admin invitation emailed to `adminEmail`. */
export async function createTenant(
  deps: AuthDeps,
  auth: AuthContext,
  input: { name: string; slug: string; adminEmail: string; plan: string },
) {
  const tenantId = newId();
  const audit = {
    action: 'tenant.created',
    entityType: 'tenant',
    entityId: tenantId,
    targetTenantId: tenantId,
    after: input,
  };
  return asPlatform(deps.db, auth, audit, async (tx) => {
    await assertSlugFree(tx, input.slug);
    const { tenant, roles } = await createOrganization(tx, {
      id: tenantId,
      name: input.name,
      slug: input.slug,
      plan: input.plan,
    });
    const [invitation] = await createInvitations(deps, tx, {
      tenantId,
      invitedBy: auth.userId,
      items: [{ email: input.adminEmail, roleId: roles.org_admin.id, teamId: null }],
    });
    return {
      tenant: presentPlatformTenant(tenant, 0),
      invitation: presentInvitation(invitation!, roles.org_admin),
    };
  });
}

export async function listTenants(deps: AuthDeps, auth: AuthContext) {
  const audit = { action: 'platform.tenants_listed', entityType: 'tenant' };
  return asPlatform(deps.db, auth, audit, async (tx) => {
    const counts = await tx
      .select({ tenantId: memberships.tenantId, n: count() })
      .from(memberships)
      .groupBy(memberships.tenantId);
    const byTenant = new Map(counts.map((row) => [row.tenantId, row.n]));
    const rows = await tx.select().from(tenants).orderBy(asc(tenants.createdAt));
    return rows.map((tenant) => presentPlatformTenant(tenant, byTenant.get(tenant.id) ?? 0));
  });
}

export async function updateTenant(
  deps: AuthDeps,
  auth: AuthContext,
  id: string,
  input: {
    status?: 'active' | 'suspended' | undefined;
    plan?: string | undefined;
    name?: string | undefined;
  },
) {
  const audit = {
    action: 'tenant.updated',
    entityType: 'tenant',
    entityId: id,
    targetTenantId: id,
    after: input,
  };
  return asPlatform(deps.db, auth, audit, async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, id));
    if (!before) throw AppError.notFound('Organization');
    const [after] = await tx.update(tenants).set(input).where(eq(tenants.id, id)).returning();
    await recordAudit(tx, id, {
      action: input.status === 'suspended' ? 'tenant.suspended' : 'tenant.updated',
      entityType: 'tenant',
      entityId: id,
      before,
      after: after!,
    });
    const [members] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, id));
    return presentPlatformTenant(after!, members?.n ?? 0);
  });
}

/** Registers support staff (read-only across organizations); they set a password from the emailed link. */
export async function addSupportStaff(
  deps: AuthDeps,
  auth: AuthContext,
  input: { email: string; name: string },
) {
  const audit = { action: 'platform.support_staff_added', entityType: 'user', after: input };
  return asPlatform(deps.db, auth, audit, async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, input.email));
    if (existing?.platformRole === 'super_admin') {
      throw new AppError('conflict', { message: 'That user is a super admin already' });
    }
    const [user] = existing
      ? await tx.update(users).set({ platformRole: 'support' }).where(eq(users.id, existing.id)).returning()
      : await tx
          .insert(users)
          .values({ email: input.email, name: input.name, platformRole: 'support' })
          .returning();
    if (!existing?.passwordHash) await issueResetToken(deps, tx, user!, 'password_reset');
    return presentUser(user!);
  });
}
