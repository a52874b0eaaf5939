import type { SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import type { User } from '../users/users.tables.js';

export type PlatformAction =
  | 'createOrganization'
  | 'listOrganizations'
  | 'updateOrganization'
  | 'addSupportStaff'
  | 'listStaff'
  | 'viewHealth';

/** Platform staff act outside any organization; support staff hold only the reading permissions. */
export const PLATFORM_PERMISSIONS: ActionPermissions<PlatformAction> = {
  createOrganization: ['platform.manage_subscriptions'],
  listOrganizations: ['platform.view_all_tenants'],
  updateOrganization: ['platform.manage_subscriptions'],
  addSupportStaff: ['platform.manage_support_staff'],
  listStaff: ['platform.manage_support_staff'],
  viewHealth: ['platform.view_system_metrics'],
};

/** Whoever may read organizations reads all of them (through `asPlatform`, which audits the read). */
export function visibleWhere(_actor: Actor): SQL | undefined {
  return undefined;
}

export function slugTaken(slug: string): AppError<'tenant_slug_taken'> {
  return new AppError('tenant_slug_taken', { message: `The slug "${slug}" is taken` });
}

/** Support staff is a lesser platform role: registering a super admin as support would demote them. */
export function assertMayBecomeSupport(existing: User | undefined): void {
  if (existing?.platformRole === 'super_admin') {
    throw new AppError('already_super_admin', { message: `${existing.email} is a super admin already` });
  }
}
