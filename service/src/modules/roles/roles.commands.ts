import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { TENANT_PERMISSIONS, type TenantPermission } from '../../core/identity/permissions.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import { presentRole } from './roles.presenter.js';
import { assertCustomRole, assertMayGrant, assertUnused, roleNameTaken } from './roles.policy.js';
import * as repo from './roles.repo.js';
import type { Role } from './roles.tables.js';

type Command = CommandInput;

/** A role with how many members hold it: what every role command returns. */
export interface RoleWithMembers {
  role: Role;
  memberCount: number;
}

/** Every permission an organization role can hold (the same for every organization). */
export function listPermissions(): readonly TenantPermission[] {
  return TENANT_PERMISSIONS;
}

async function visibleRole(tx: Tx, actor: TenantActor, id: string): Promise<Role> {
  const role = await repo.findVisibleRole(tx, actor, id);
  if (!role) throw AppError.notFound('Role');
  return role;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  if (await repo.isNameTaken(tx, name, exceptId)) throw roleNameTaken(name);
}

const distinct = (permissions: readonly TenantPermission[]): TenantPermission[] => [...new Set(permissions)];

export async function listRoles({ actor, tx }: Command): Promise<RoleWithMembers[]> {
  const counts = await repo.memberCounts(tx);
  const rows = await repo.listVisibleRoles(tx, actor);
  return rows.map((role) => ({ role, memberCount: counts.get(role.id) ?? 0 }));
}

export async function createRole({
  actor,
  tx,
  name,
  description,
  permissions,
}: Command & {
  name: string;
  description: string;
  permissions: TenantPermission[];
}): Promise<RoleWithMembers> {
  assertMayGrant(actor, permissions);
  await assertNameFree(tx, name);
  const role = await repo.insertRole(tx, {
    tenantId: actor.tenantId,
    name,
    description,
    permissions: distinct(permissions),
  });
  await recordAudit(tx, actor.tenantId, {
    action: 'role.created',
    entityType: 'role',
    entityId: role.id,
    after: role,
  });
  return { role, memberCount: 0 };
}

/** Renames, describes or changes the permissions of a custom role; its holders' access changes at once. */
export async function updateRole({
  actor,
  tx,
  services,
  roleId,
  permissions,
  ...change
}: Command & {
  services: Services;
  roleId: string;
  version: number;
  name?: string | undefined;
  description?: string | undefined;
  permissions?: TenantPermission[] | undefined;
}): Promise<RoleWithMembers> {
  const role = await visibleRole(tx, actor, roleId);
  assertCustomRole(role, 'changed');
  if (permissions) assertMayGrant(actor, permissions);
  if (change.name) await assertNameFree(tx, change.name, roleId);
  const updated = await repo.updateRole(tx, {
    id: roleId,
    ...change,
    permissions: permissions && distinct(permissions),
  });
  const memberCount = await repo.memberCount(tx, roleId);
  // The stale answer carries the record in its API shape, so a client can merge and retry.
  if (!updated) throw AppError.staleVersion(presentRole(role, memberCount));
  await recordAudit(tx, actor.tenantId, {
    action: 'role.updated',
    entityType: 'role',
    entityId: roleId,
    before: role,
    after: updated,
  });
  if (permissions) services.callers.forget(`role:${roleId}`);
  return { role: updated, memberCount };
}

/** Deletes a custom role that no member and no pending invitation holds. */
export async function deleteRole({
  actor,
  tx,
  services,
  roleId,
}: Command & { services: Services; roleId: string }): Promise<void> {
  const role = await visibleRole(tx, actor, roleId);
  assertCustomRole(role, 'deleted');
  assertUnused({
    members: await repo.memberCount(tx, roleId),
    pendingInvitations: await repo.pendingInvitationCount(tx, roleId),
  });
  await repo.deleteRole(tx, roleId);
  await recordAudit(tx, actor.tenantId, {
    action: 'role.deleted',
    entityType: 'role',
    entityId: roleId,
    before: role,
  });
  services.callers.forget(`role:${roleId}`);
}
