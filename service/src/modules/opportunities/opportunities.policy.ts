import { and, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { trashState } from '../../core/db/trash.js';
import { recordWork, userInScope } from '../../core/identity/record-scope.js';
import { opportunities } from './opportunities.tables.js';

export type OpportunityAction = 'list' | 'read' | 'create' | 'update' | 'move' | 'delete' | 'restore';

/** Reps work on their own deals, managers on their teams', Org Admins on all: record scope narrows. */
const WORK = recordWork('opportunities.manage_assigned');

export const OPPORTUNITY_PERMISSIONS: ActionPermissions<OpportunityAction> = {
  list: WORK,
  read: WORK,
  create: WORK,
  update: WORK,
  move: WORK,
  delete: WORK,
  restore: WORK,
};

export type CurrencySettingsAction = 'read' | 'configure';

/** Every member reads the base currency and rates (totals are shown to all); admins change them. */
export const CURRENCY_SETTINGS_PERMISSIONS: ActionPermissions<CurrencySettingsAction> = {
  read: [],
  configure: ['org.configure_settings'],
};

/** Deals the actor sees: not deleted, owned by someone in their record scope. */
export function visibleWhere(actor: Actor): SQL | undefined {
  return and(trashState(opportunities.deletedAt), userInScope(actor, opportunities.ownerId));
}

/** Deals in the actor's trash: deleted in the last 30 days, owned by someone in their record scope. */
export function trashWhere(actor: Actor): SQL | undefined {
  return and(trashState(opportunities.deletedAt, true), userInScope(actor, opportunities.ownerId));
}
