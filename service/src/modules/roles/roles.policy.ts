import type { SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { assertCanGrant } from '../../core/identity/grants.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { isBuiltIn, type Role } from './roles.tables.js';

export type RoleAction = 'listPermissions' | 'list' | 'create' | 'update' | 'delete';

export const ROLE_PERMISSIONS: ActionPermissions<RoleAction> = {
  listPermissions: [],
  // User admins read the roles too: they see them on every member and invite people into them.
  list: ['org.assign_roles', 'org.manage_users'],
  create: ['org.assign_roles'],
  update: ['org.assign_roles'],
  delete: ['org.assign_roles'],
};

/**
 * Roles belong to the whole organization: whoever may list them sees them all (RLS keeps them inside
 * the tenant), so there is no condition.
 */
export function visibleWhere(_actor: Actor): SQL | undefined {
  return undefined;
}

/** Built-in roles carry the specification's permission sets and stay as they are. */
export function assertCustomRole(role: Role, doing: 'changed' | 'deleted'): void {
  if (isBuiltIn(role)) {
    throw new AppError('built_in_role', { message: `Built-in roles cannot be ${doing}` });
  }
}

/** Nobody makes a role more powerful than themselves (see `assertCanGrant`). */
export function assertMayGrant(actor: Actor, permissions: readonly string[]): void {
  assertCanGrant(actor, permissions);
}

/** A role still given to someone, or to a pending invitation, cannot go. */
export function assertUnused(usage: { members: number; pendingInvitations: number }): void {
  if (usage.members > 0 || usage.pendingInvitations > 0) {
    throw new AppError('role_in_use', {
      message:
        `The role is in use by ${usage.members} member(s) and ${usage.pendingInvitations} pending ` +
        'invitation(s); reassign them first',
    });
  }
}

export function roleNameTaken(name: string): AppError<'role_name_taken'> {
  return new AppError('role_name_taken', { message: `A role named "${name}" already exists` });
}
