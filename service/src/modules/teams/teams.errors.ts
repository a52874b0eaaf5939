import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Teams and their members. */
export type TeamErrorCode =
  'team_name_taken' | 'team_not_managed' | 'team_manager_needs_admin' | 'team_member_outranks_you';

export const TEAM_ERRORS: ErrorSentences<TeamErrorCode> = {
  team_name_taken: 'There is already a team with that name.',
  team_not_managed: 'You can only change the members of teams you manage.',
  team_manager_needs_admin: 'Only user admins can make someone a team manager.',
  team_member_outranks_you: 'You cannot add someone who holds permissions you do not have.',
};
