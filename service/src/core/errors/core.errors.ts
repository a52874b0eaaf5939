import type { ErrorSentences } from './app-error.js';

/** Codes of the plumbing every domain shares. */
export type CoreErrorCode =
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'not_implemented'
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'no_tenant'
  | 'tenant_suspended'
  | 'conflict'
  | 'duplicate'
  | 'stale_version'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal';

export const CORE_ERRORS: ErrorSentences<CoreErrorCode> = {
  not_found: "I couldn't find that. It may have been deleted, or you may not have access to it.",
  route_not_found: 'There is nothing at this address.',
  method_not_allowed: 'That action is not available here.',
  not_implemented: 'That is not something Closer can do.',
  validation_failed: 'Some of what you entered is not valid; check the highlighted fields.',
  malformed_json: 'The request could not be read: it is not valid JSON.',
  payload_too_large: 'That is too large to send in one request.',
  unsupported_media_type: 'Send this as JSON (Content-Type: application/json).',
  bad_request: 'The request could not be understood.',
  unauthenticated: 'Please sign in first.',
  forbidden: "You don't have permission to do that.",
  csrf_failed: 'Your session could not confirm this request; reload the page and try again.',
  no_tenant: 'Switch to an organization first.',
  tenant_suspended: 'Your organization is suspended; contact your administrator.',
  conflict: 'That clashes with something that already exists.',
  duplicate: 'Something with the same name or key already exists.',
  stale_version: 'Someone changed this while you were looking at it; review their change and try again.',
  rate_limited: 'Too many attempts; wait a little and try again.',
  service_unavailable: 'Closer is not ready to take this right now; try again in a moment.',
  internal: 'Something went wrong on our side. It was logged, and we will look at it.',
};
