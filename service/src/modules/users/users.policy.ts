import type { SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { assertCanGrant } from '../../core/identity/grants.js';
import type { Permission } from '../../core/identity/permissions.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { userInScope } from '../../core/identity/record-scope.js';
import { memberships, type Role } from '../roles/roles.tables.js';
import type { MemberRow } from './users.repo.js';

export type UserAction = 'list' | 'view' | 'update' | 'import';

export const USER_PERMISSIONS: ActionPermissions<UserAction> = {
  list: ['org.manage_users', 'team.manage_members'],
  // Everyone may look themselves up; who else they see is `visibleWhere`.
  view: [],
  update: ['org.manage_users', 'org.assign_roles'],
  import: ['org.manage_users'],
};

/** Members the actor sees: everyone (user admins), their teams' members and themselves (managers), themselves. */
export function visibleWhere(actor: Actor): SQL | undefined {
  return userInScope(actor, memberships.userId);
}

/** What each part of a member's record needs, beyond being allowed to update members at all. */
const FIELD_PERMISSION: Record<'role' | 'status' | 'teams', Permission> = {
  role: 'org.assign_roles',
  status: 'org.manage_users',
  teams: 'org.manage_users',
};

export function assertMayChange(actor: Actor, field: keyof typeof FIELD_PERMISSION): void {
  const needed = FIELD_PERMISSION[field];
  if (!actor.permissions.has(needed)) {
    throw AppError.forbidden(
      `Changing ${field === 'role' ? 'a role' : `the ${field}`} needs the permission ${needed}`,
    );
  }
}

/** Nobody changes their own role or status: no promoting yourself, no locking yourself out. */
export function assertNotSelf(
  actor: Actor,
  userId: string,
  change: { roleId?: unknown; status?: unknown },
): void {
  if (userId === actor.userId && (change.roleId || change.status)) {
    throw new AppError('self_change', { message: 'You cannot change your own role or status' });
  }
}

/** Nobody gives a member a role with permissions they could not grant themselves. */
export function assertMayGiveRole(actor: Actor, role: Pick<Role, 'permissions'>): void {
  assertCanGrant(actor, role.permissions);
}

/** Whether the member is an active Org Admin, the seat an organization must never leave empty. */
export function isActiveAdmin(member: Pick<MemberRow, 'role' | 'membership'>): boolean {
  return member.role.builtInKey === 'org_admin' && member.membership.status === 'active';
}

/** An organization keeps at least one active Org Admin: it must never lock itself out. */
export function assertKeepsAnAdmin(otherActiveAdmins: number): void {
  if (otherActiveAdmins === 0) {
    throw new AppError('last_admin', {
      message: 'This is the last active Org Admin; make someone else admin first',
    });
  }
}
