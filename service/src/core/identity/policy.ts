import { AppError } from '../errors/app-error.js';
import { holdsAny, type Actor } from './actor.js';
import type { Permission } from './permissions.js';

/**
 * The permissions each action of a domain needs (any one of them; an empty list: every member). Routes
 * declare these (they document the API and answer 403 early); the domain's policy adds record rules.
 */
export type ActionPermissions<Action extends string> = Readonly<Record<Action, readonly Permission[]>>;

/** Throws 403 unless the actor holds one of the permissions `action` needs. */
export function assertAllowed<Action extends string>(
  actor: Actor,
  permissions: ActionPermissions<Action>,
  action: Action,
): void {
  const needed = permissions[action];
  if (!holdsAny(actor, needed)) {
    throw AppError.forbidden(`This needs the permission ${needed.join(' or ')}`);
  }
}
