import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Slack and Teams bindings. */
export type IntegrationsErrorCode = 'slack_token_rejected' | 'slack_unreachable';

export const INTEGRATIONS_ERRORS: ErrorSentences<IntegrationsErrorCode> = {
  slack_token_rejected: 'Slack did not accept that bot token for that workspace.',
  slack_unreachable: 'Slack could not be reached; try again in a moment.',
};
