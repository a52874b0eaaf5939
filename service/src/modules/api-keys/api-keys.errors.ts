import type { ErrorSentences } from '../../core/errors/app-error.js';

/** API keys. */
export type ApiKeyErrorCode = 'api_key_exceeds_creator' | 'api_key_needs_session';

export const API_KEY_ERRORS: ErrorSentences<ApiKeyErrorCode> = {
  api_key_exceeds_creator: 'An API key cannot hold permissions you do not have.',
  api_key_needs_session: 'API keys are bound to one organization; sign in to switch.',
};
