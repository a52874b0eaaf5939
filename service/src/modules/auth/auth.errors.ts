import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Sign-in, sessions and passwords. */
export type AuthErrorCode =
  'invalid_credentials' | 'account_disabled' | 'tenant_unavailable' | 'no_membership' | 'invalid_token';

export const AUTH_ERRORS: ErrorSentences<AuthErrorCode> = {
  invalid_credentials: 'That email and password do not match an account.',
  account_disabled: 'This account is disabled; contact your administrator.',
  tenant_unavailable: 'You are not an active member of that organization, or it is suspended.',
  no_membership: 'Your account is not an active member of any organization yet.',
  invalid_token: 'This link is not valid any more; ask for a new one.',
};
