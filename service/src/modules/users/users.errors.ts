import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Members of an organization. */
export type UserErrorCode = 'last_admin' | 'self_change' | 'import_invalid';

export const USER_ERRORS: ErrorSentences<UserErrorCode> = {
  last_admin: 'This is the last active Org Admin; make someone else admin first.',
  self_change: 'You cannot change your own role or status.',
  import_invalid: 'The file has problems; nothing was imported. The report says which rows.',
};
