import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../core/db/database.js';
import { invitations, memberships, roles, type Role } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { assertCanGrant, tenantOf } from '../../core/identity/grants.js';
import {
  PERMISSION_DESCRIPTIONS,
  TENANT_PERMISSIONS,
  type TenantPermission,
} from '../../core/identity/permissions.js';

export function listPermissions() {
  return TENANT_PERMISSIONS.map((key) => ({
    key,
    description: PERMISSION_DESCRIPTIONS[key],
    group: key.split('.')[0]!,
  }));
}

function presentRole(role: Role, memberCount: number) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtIn: role.builtInKey !== null,
    builtInKey: role.builtInKey,
    permissions: role.permissions,
    memberCount,
    version: role.version,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

async function memberCounts(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx
    .select({ roleId: memberships.roleId, n: count() })
    .from(memberships)
    .groupBy(memberships.roleId);
  return new Map(rows.map((row) => [row.roleId, row.n]));
}

async function findRole(tx: Tx, id: string): Promise<Role> {
  const [role] = await tx.select().from(roles).where(eq(roles.id, id)).limit(1);
  if (!role) throw AppError.notFound('Role');
  return role;
}

export async function listRoles(deps: { db: Database }, auth: AuthContext) {
  return deps.db.transaction({ tenantId: tenantOf(auth), userId: auth.userId }, async (tx) => {
    const counts = await memberCounts(tx);
    const rows = await tx.select().from(roles).orderBy(asc(roles.createdAt));
    return rows.map((role) => presentRole(role, counts.get(role.id) ?? 0));
  });
}

const nameTaken = (name: string) =>
  new AppError('conflict', { message: `A role named "${name}" already exists` });

export async function createRole(
  deps: { db: Database },
  auth: AuthContext,
  input: { name: string; description: string; permissions: TenantPermission[] },
) {
  assertCanGrant(auth, input.permissions);
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const [clash] = await tx
      .select({ id: roles.id })
      .from(roles)
      .where(sql`lower(${roles.name}) = lower(${input.name})`);
    if (clash) throw nameTaken(input.name);
    const [role] = await tx
      .insert(roles)
      .values({
        tenantId,
        name: input.name,
        description: input.description,
        permissions: [...new Set(input.permissions)],
      })
      .returning();
    await recordAudit(tx, tenantId, {
      action: 'role.created',
      entityType: 'role',
      entityId: role!.id,
      after: role!,
    });
    return presentRole(role!, 0);
  });
}

export async function updateRole(
  deps: { db: Database },
  auth: AuthContext,
  id: string,
  input: {
    version: number;
    name?: string | undefined;
    description?: string | undefined;
    permissions?: TenantPermission[] | undefined;
  },
) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const role = await findRole(tx, id);
    if (role.builtInKey)
      throw new AppError('built_in_role', { message: 'Built-in roles cannot be changed' });
    if (input.permissions) assertCanGrant(auth, input.permissions);
    if (input.name && input.name.toLowerCase() !== role.name.toLowerCase()) {
      const [clash] = await tx
        .select({ id: roles.id })
        .from(roles)
        .where(sql`lower(${roles.name}) = lower(${input.name})`);
      if (clash) throw nameTaken(input.name);
    }
    const [updated] = await tx
      .update(roles)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.permissions && { permissions: [...new Set(input.permissions)] }),
        version: role.version + 1,
      })
      .where(and(eq(roles.id, id), eq(roles.version, input.version)))
      .returning();
    if (!updated) throw AppError.staleVersion(presentRole(role, (await memberCounts(tx)).get(id) ?? 0));
    await recordAudit(tx, tenantId, {
      action: 'role.updated',
      entityType: 'role',
      entityId: id,
      before: role,
      after: updated,
    });
    return presentRole(updated, (await memberCounts(tx)).get(id) ?? 0);
  });
}

export async function deleteRole(deps: { db: Database }, auth: AuthContext, id: string) {
  const tenantId = tenantOf(auth);
  await deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const role = await findRole(tx, id);
    if (role.builtInKey)
      throw new AppError('built_in_role', { message: 'Built-in roles cannot be deleted' });
    const inUse = (await memberCounts(tx)).get(id) ?? 0;
    const [pending] = await tx
      .select({ n: count() })
      .from(invitations)
      .where(and(eq(invitations.roleId, id), eq(invitations.status, 'pending')));
    if (inUse > 0 || (pending?.n ?? 0) > 0) {
      throw new AppError('role_in_use', {
        message: `The role is in use by ${inUse} member(s) and ${pending?.n ?? 0} pending invitation(s); reassign them first`,
      });
    }
    await tx.delete(roles).where(eq(roles.id, id));
    await recordAudit(tx, tenantId, {
      action: 'role.deleted',
      entityType: 'role',
      entityId: id,
      before: role,
    });
  });
}
