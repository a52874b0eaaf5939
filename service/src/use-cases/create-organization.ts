import type { Database } from '../core/db/database.js';
import { newId } from '../core/db/columns.js';
import type { Actor } from '../core/identity/actor.js';
import { assertAllowed } from '../core/identity/policy.js';
import type { Services } from '../core/module/module.js';
import { asPlatform } from '../core/platform/as-platform.js';
import * as organizations from '../core/platform/organizations.js';
import { createInvitations } from '../modules/invitations/invitations.commands.js';
import type { Invitation } from '../modules/invitations/invitations.tables.js';
import { PLATFORM_PERMISSIONS, slugTaken } from '../modules/platform/platform.policy.js';
import * as platformRepo from '../modules/platform/platform.repo.js';
import type { Role } from '../modules/roles/roles.tables.js';

export interface CreatedOrganization {
  organization: platformRepo.OrganizationRow;
  /** The Org Admin invitation emailed to the first admin. */
  invitation: Invitation;
  adminRole: Role;
}

/**
 * A new organization with its built-in roles, and an Org Admin invitation emailed to `adminEmail`: the
 * organization has no member until that person accepts. Platform work, in one audited `asPlatform` unit.
 */
export async function createOrganization({
  actor,
  db,
  services,
  adminEmail,
  ...organization
}: {
  actor: Actor;
  db: Database;
  services: Services;
  name: string;
  slug: string;
  plan: string;
  adminEmail: string;
}): Promise<CreatedOrganization> {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'createOrganization');
  const tenantId = newId();
  const audit = {
    action: 'tenant.created',
    entityType: 'tenant',
    entityId: tenantId,
    targetTenantId: tenantId,
    after: { ...organization, adminEmail },
  };
  return asPlatform(db, actor, audit, async (tx) => {
    if (await platformRepo.isSlugTaken(tx, organization.slug)) throw slugTaken(organization.slug);
    const { tenant, roles } = await organizations.createOrganization(tx, { id: tenantId, ...organization });
    const [invitation] = await createInvitations({
      actor,
      tx,
      services,
      tenantId,
      items: [{ email: adminEmail, roleId: roles.org_admin.id, teamId: null }],
    });
    return { organization: { tenant, memberCount: 0 }, invitation: invitation!, adminRole: roles.org_admin };
  });
}
