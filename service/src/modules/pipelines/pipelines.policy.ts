import type { ActionPermissions } from '../../core/identity/policy.js';

export type PipelineAction = 'list' | 'create' | 'update';

/** Every member works with the pipelines (their deals move through them); shaping them is a setting. */
export const PIPELINE_PERMISSIONS: ActionPermissions<PipelineAction> = {
  list: [],
  create: ['org.configure_settings'],
  update: ['org.configure_settings'],
};
