import type { Invitation, Role } from '../../core/db/schema.js';

export function invitationState(invitation: Invitation): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() < Date.now()) return 'expired';
  return invitation.status;
}

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
