import type { ActionPermissions } from '../../core/identity/policy.js';
import { OPPORTUNITY_PERMISSIONS } from '../opportunities/opportunities.policy.js';

export type PredictionAction = 'read' | 'train' | 'models';

/**
 * A deal's prediction is read by whoever reads the deal (reps their own, managers their teams', Org
 * Admins all: the opportunities' record scope narrows). Training and the models' figures belong to
 * Org Admins (`org.configure_settings`); managers with `analytics.view_team_data` read the figures.
 */
export const PREDICTION_PERMISSIONS: ActionPermissions<PredictionAction> = {
  read: OPPORTUNITY_PERMISSIONS.read,
  train: ['org.configure_settings'],
  models: ['org.configure_settings', 'analytics.view_team_data'],
};
