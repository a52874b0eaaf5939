import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';

export type AuthAction = 'signOut' | 'describeSelf' | 'switchOrganization' | 'changePassword';

/** Everything here is about the caller's own account: every signed-in caller may. */
export const AUTH_PERMISSIONS: ActionPermissions<AuthAction> = {
  signOut: [],
  describeSelf: [],
  switchOrganization: [],
  changePassword: [],
};

/** Switching organizations is for people signed in with a session: an API key belongs to one organization. */
export function assertMaySwitch(actor: Actor): asserts actor is Actor & { sessionId: string } {
  if (!actor.sessionId) {
    throw new AppError('api_key_needs_session', { message: 'API keys are bound to one organization' });
  }
}
