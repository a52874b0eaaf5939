import type { SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import type { Permission } from '../../core/identity/permissions.js';
import type { ActionPermissions } from '../../core/identity/policy.js';

export type ApiKeyAction = 'create' | 'list' | 'revoke';

/** Keys are the organization's integrations: whoever manages integrations manages every key. */
export const API_KEY_PERMISSIONS: ActionPermissions<ApiKeyAction> = {
  create: ['org.manage_integrations'],
  list: ['org.manage_integrations'],
  revoke: ['org.manage_integrations'],
};

/** Every key of the organization is visible to those who may manage keys (RLS keeps it to the tenant). */
export function visibleWhere(_actor: Actor): SQL | undefined {
  return undefined;
}

/**
 * A key can never hold a permission its creator lacks; the caller resolver also narrows a key to what
 * its creator holds today, so demoting the creator demotes their keys.
 */
export function assertWithinCreator(actor: Actor, permissions: readonly Permission[]): void {
  const lacking = permissions.filter((permission) => !actor.permissions.has(permission));
  if (lacking.length) {
    throw new AppError('api_key_exceeds_creator', {
      message: `A key cannot hold permissions you do not have: ${lacking.join(', ')}`,
    });
  }
}
