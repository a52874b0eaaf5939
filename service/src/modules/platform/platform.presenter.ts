import type { OrganizationRow } from './platform.repo.js';

/** An organization as platform staff see it. */
export function presentOrganization({ tenant, memberCount }: OrganizationRow) {
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
export type OrganizationView = ReturnType<typeof presentOrganization>;
