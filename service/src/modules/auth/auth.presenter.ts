import type { Tenant, User } from '../../core/db/schema.js';
import { permissionsOf } from '../../core/auth/callers.js';
import type { MembershipRow, SelfRow } from './auth.repo.js';

export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    status: user.status,
    platformRole: user.platformRole ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function presentTenant(tenant: Tenant) {
  return { id: tenant.id, name: tenant.name, slug: tenant.slug, status: tenant.status, plan: tenant.plan };
}

export function presentMembership(row: MembershipRow) {
  return {
    tenantId: row.tenant.id,
    tenantName: row.tenant.name,
    tenantSlug: row.tenant.slug,
    tenantStatus: row.tenant.status,
    roleId: row.role.id,
    roleName: row.role.name,
    status: row.membership.status,
  };
}

/** The same answer as after signing in, from the rows of `SELF_WITH_MEMBERSHIPS`. */
export function presentSelf(input: {
  rows: SelfRow[];
  activeTenantId: string | null;
  csrfToken: string | null;
}) {
  const [first] = input.rows;
  if (!first) throw new Error('the signed-in user has no row');
  const memberships = input.rows.filter((row) => row.tenant_id !== null);
  const active = memberships.find((row) => row.tenant_id === input.activeTenantId);
  const usable = active?.membership_status === 'active' && active.tenant_status === 'active';
  return {
    user: {
      id: first.id,
      email: first.email,
      name: first.name,
      status: first.status,
      platformRole: first.platform_role,
      lastLoginAt: first.last_login_at ? new Date(first.last_login_at).toISOString() : null,
      createdAt: new Date(first.created_at).toISOString(),
    },
    tenant: active
      ? {
          id: active.tenant_id!,
          name: active.tenant_name!,
          slug: active.tenant_slug!,
          status: active.tenant_status!,
          plan: active.tenant_plan!,
        }
      : null,
    memberships: memberships.map((row) => ({
      tenantId: row.tenant_id!,
      tenantName: row.tenant_name!,
      tenantSlug: row.tenant_slug!,
      tenantStatus: row.tenant_status!,
      roleId: row.role_id!,
      roleName: row.role_name!,
      status: row.membership_status!,
    })),
    permissions: [
      ...permissionsOf(first.platform_role, usable ? (active.role_permissions ?? []) : []),
    ].sort(),
    csrfToken: input.csrfToken,
  };
}
