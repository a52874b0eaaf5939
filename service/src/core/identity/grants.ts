import { AppError } from '../errors/app-error.js';
import type { Actor } from './actor.js';
import { isTenantPermission } from './permissions.js';

/**
 * Whether `auth` may hand out `permissions` (in a role, a role assignment or an API key).
 * Organization permissions (`org.*`) must be held to be granted: nobody makes someone more of an
 * admin than they are. Sales and team permissions may be granted by whoever manages roles or users,
 * since org admins have the whole organization in scope (see the issue note for this reading).
 */
export function assertCanGrant(auth: Actor, permissions: readonly string[]): void {
  const manages = auth.permissions.has('org.assign_roles') || auth.permissions.has('org.manage_users');
  const refused = permissions.filter((permission) => {
    if (!isTenantPermission(permission)) return true;
    if (auth.permissions.has(permission)) return false;
    return permission.startsWith('org.') || !manages;
  });
  if (refused.length) {
    throw new AppError('grant_exceeds_own', {
      message: `You cannot grant permissions you do not hold: ${refused.join(', ')}`,
    });
  }
}
