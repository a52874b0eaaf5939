import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Roles and permissions. */
export type RoleErrorCode = 'role_name_taken' | 'built_in_role' | 'role_in_use' | 'grant_exceeds_own';

export const ROLE_ERRORS: ErrorSentences<RoleErrorCode> = {
  role_name_taken: 'There is already a role with that name.',
  built_in_role: 'Built-in roles cannot be changed or deleted; copy one into a custom role instead.',
  role_in_use: 'This role is still given to people or invitations; reassign them first.',
  grant_exceeds_own: 'You cannot give permissions you do not hold yourself.',
};
