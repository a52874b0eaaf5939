import type { ActionPermissions } from '../../core/identity/policy.js';

export type AssistantAction = 'talk';

/**
 * Every member may talk to the assistant: what a message may change is decided by the commands it
 * calls, with the member's own permissions and record scope, exactly as over HTTP.
 */
export const ASSISTANT_PERMISSIONS: ActionPermissions<AssistantAction> = {
  talk: [],
};
