import type { Tenant, User } from '../../core/db/schema.js';
import type { MembershipRow } from './auth.repo.js';

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
