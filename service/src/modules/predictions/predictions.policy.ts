import type { ActionPermissions } from '../../core/identity/policy.js';
import { OPPORTUNITY_PERMISSIONS } from '../opportunities/opportunities.policy.js';
import { CUSTOMER_PERMISSIONS } from '../customers/customers.policy.js';
import type { Permission } from '../../core/identity/permissions.js';

/** Forecasts and summaries: whoever works on deals or reads analytics or a personal dashboard (record scope narrows). */
const ANALYTICS: readonly Permission[] = [
  ...new Set<Permission>([
    ...OPPORTUNITY_PERMISSIONS.read,
    'analytics.view_team_data',
    'dashboard.view_personal',
  ]),
];

export type PredictionAction = 'read' | 'train' | 'models' | 'forecast' | 'churn' | 'summary';

/**
 * A deal's prediction is read by whoever reads the deal (reps their own, managers their teams', Org
 * Admins all: the opportunities' record scope narrows). Training and the models' figures belong to
 * Org Admins (`org.configure_settings`); managers with `analytics.view_team_data` read the figures.
 */
export const PREDICTION_PERMISSIONS: ActionPermissions<PredictionAction> = {
  read: OPPORTUNITY_PERMISSIONS.read,
  train: ['org.configure_settings'],
  models: ['org.configure_settings', 'analytics.view_team_data'],
  forecast: ANALYTICS,
  churn: CUSTOMER_PERMISSIONS.read,
  summary: ANALYTICS,
};
