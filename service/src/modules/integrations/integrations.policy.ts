import type { ActionPermissions } from '../../core/identity/policy.js';

export type IntegrationAction = 'manage';

/** Connecting Slack and Teams is the organization's integrations, as API keys are. */
export const INTEGRATION_PERMISSIONS: ActionPermissions<IntegrationAction> = {
  manage: ['org.manage_integrations'],
};
