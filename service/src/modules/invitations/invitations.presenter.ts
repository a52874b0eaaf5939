import type { Role } from '../roles/roles.tables.js';
import { invitationState } from './invitations.policy.js';
import type { InvitationWithRole } from './invitations.repo.js';
import type { Invitation } from './invitations.tables.js';

/** An invitation as user admins see it; the token's hash never leaves the database. */
export function presentInvitation(invitation: Invitation, role?: Pick<Role, 'name'>) {
  return {
    id: invitation.id,
    email: invitation.email,
    roleId: invitation.roleId,
    roleName: role?.name ?? null,
    teamId: invitation.teamId,
    status: invitationState(invitation),
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    sendCount: invitation.sendCount,
    lastSentAt: invitation.lastSentAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
    version: invitation.version,
  };
}
export type InvitationView = ReturnType<typeof presentInvitation>;

export const presentInvitationWithRole = ({ invitation, role }: InvitationWithRole) =>
  presentInvitation(invitation, role);
