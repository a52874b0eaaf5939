import type { ActionPermissions } from '../../core/identity/policy.js';
import { PREDICTION_PERMISSIONS } from '../predictions/predictions.policy.js';

/**
 * Analytics are read by whoever reads forecasts: reps their own figures, managers their teams'
 * (`analytics.view_team_data`, `team.view_performance`), Org Admins the organization's. Record scope
 * narrows what each one counts.
 */
export const ANALYTICS_PERMISSIONS: ActionPermissions<'read'> = {
  read: PREDICTION_PERMISSIONS.forecast,
};
