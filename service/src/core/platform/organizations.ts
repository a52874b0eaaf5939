import type { Tx } from '../db/database.js';
import { newId } from '../db/columns.js';
import { roles, tenants, type Role } from '../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { BUILT_IN_ROLES, type BuiltInRoleKey } from '../identity/permissions.js';
import { createDefaultPipeline } from '../../modules/pipelines/pipelines.commands.js';

/**
 * Creates an organization with its built-in roles and default pipeline: every path that creates one
 * (the platform's use case, the demo bootstrap, the test factory) comes through here. Runs in a scope
 * whose tenant is the new id (RLS: an organization's rows can only be written inside its own scope).
 */
export async function createOrganization(
  tx: Tx,
  input: { id?: string; name: string; slug: string; plan?: string },
): Promise<{ tenant: typeof tenants.$inferSelect; roles: Record<BuiltInRoleKey, Role> }> {
  const tenantId = input.id ?? newId();
  const [tenant] = await tx
    .insert(tenants)
    .values({ id: tenantId, name: input.name, slug: input.slug, plan: input.plan ?? 'free' })
    .returning();
  const created = await tx
    .insert(roles)
    .values(
      BUILT_IN_ROLES.map((role) => ({
        tenantId,
        name: role.name,
        builtInKey: role.key,
        permissions: [...role.permissions],
        description: `Built-in ${role.name} role`,
      })),
    )
    .returning();
  await recordAudit(tx, tenantId, {
    action: 'tenant.created',
    entityType: 'tenant',
    entityId: tenantId,
    after: tenant,
  });
  await createDefaultPipeline(tx, tenantId);
  const byKey = Object.fromEntries(created.map((role) => [role.builtInKey, role])) as Record<
    BuiltInRoleKey,
    Role
  >;
  return { tenant: tenant!, roles: byKey };
}
