import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Platform administration. */
export type PlatformErrorCode = 'tenant_slug_taken' | 'already_super_admin';

export const PLATFORM_ERRORS: ErrorSentences<PlatformErrorCode> = {
  tenant_slug_taken: 'There is already an organization with that address.',
  already_super_admin: 'That person is a super admin already.',
};
