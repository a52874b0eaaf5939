import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Invitations. */
export type InvitationErrorCode =
  'already_member' | 'already_invited' | 'invitation_not_pending' | 'invalid_invitation';

export const INVITATION_ERRORS: ErrorSentences<InvitationErrorCode> = {
  already_member: 'That person is already a member of this organization.',
  already_invited: 'That person already has a pending invitation; resend it instead.',
  invitation_not_pending: 'This invitation was already accepted or revoked.',
  invalid_invitation: 'This invitation link is not valid any more; ask for a new one.',
};
