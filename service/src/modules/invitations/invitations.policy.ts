import type { SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { assertCanGrant } from '../../core/identity/grants.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { safeEqual } from '../../core/identity/secrets.js';
import type { Tenant } from '../platform/platform.tables.js';
import type { Role } from '../roles/roles.tables.js';
import type { Invitation } from './invitations.tables.js';

export type InvitationAction = 'invite' | 'list' | 'resend' | 'revoke';

/** Inviting is managing users; accepting is public (the link is the credential). */
export const INVITATION_PERMISSIONS: ActionPermissions<InvitationAction> = {
  invite: ['org.manage_users'],
  list: ['org.manage_users'],
  resend: ['org.manage_users'],
  revoke: ['org.manage_users'],
};

/** User admins see every invitation of the organization. */
export function visibleWhere(_actor: Actor): SQL | undefined {
  return undefined;
}

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** A pending invitation past its expiry is expired; nothing needs to rewrite the row for that. */
export function invitationState(invitation: Invitation): InvitationState {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() < Date.now()) return 'expired';
  return invitation.status;
}

/** Nobody invites someone into a role that holds organization permissions they do not hold themselves. */
export function assertMayInviteAs(actor: Actor, role: Pick<Role, 'permissions'>): void {
  assertCanGrant(actor, role.permissions);
}

/** One invitation per person: members and people with a pending invitation are refused. */
export function assertInvitable(email: string, taken: 'member' | 'invited' | undefined): void {
  if (taken === 'member') {
    throw new AppError('already_member', { message: `${email} is already a member of this organization` });
  }
  if (taken === 'invited') {
    throw new AppError('already_invited', {
      message: `${email} already has a pending invitation; resend it instead`,
    });
  }
}

/** Only a pending invitation can be resent or revoked. */
export function assertPending(invitation: Invitation, doing: 'resent' | 'revoked'): void {
  if (invitation.status !== 'pending') {
    throw new AppError('invitation_not_pending', {
      message: `The invitation is ${invitation.status}; it cannot be ${doing}`,
    });
  }
}

export const invalidInvitation = (message: string) => new AppError('invalid_invitation', { message });

/**
 * A link is good when it is the invitation's current one (a resend replaces it), the invitation is still
 * pending and unexpired, and the organization is active. Each refusal says why.
 */
export function assertAcceptable(
  found: { invitation: Invitation; tenant: Tenant } | undefined,
  tokenHash: string,
): asserts found is { invitation: Invitation; tenant: Tenant } {
  if (!found || !safeEqual(found.invitation.tokenHash, tokenHash)) {
    throw invalidInvitation('This invitation link is not valid');
  }
  const state = invitationState(found.invitation);
  if (state !== 'pending') {
    throw invalidInvitation(`This invitation is ${state === 'accepted' ? 'already used' : state}`);
  }
  if (found.tenant.status !== 'active') throw invalidInvitation('This organization is suspended');
}

/** Joining with an existing account needs that account's password: a leaked link cannot take it over. */
export function assertOwnsAccount(passwordMatches: boolean): void {
  if (!passwordMatches) {
    throw AppError.validation([
      {
        path: 'body.password',
        message: 'this email already has a Closer account; enter its password to join',
      },
    ]);
  }
}

export function assertNotMemberYet(alreadyMember: boolean): void {
  if (alreadyMember) throw invalidInvitation('You are already a member of this organization');
}
