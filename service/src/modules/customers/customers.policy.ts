import { and, sql, type SQL } from 'drizzle-orm';
import { trashState } from '../../core/db/trash.js';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { recordWork, userInScope } from '../../core/identity/record-scope.js';
import { customers } from './customers.tables.js';

export type CustomerAction = 'list' | 'read' | 'create' | 'update' | 'delete' | 'restore' | 'merge';

const WORK = recordWork('customers.manage_assigned');

/** Reps work on the customers assigned to them; managers on their teams'; Org Admins on all. */
export const CUSTOMER_PERMISSIONS: ActionPermissions<CustomerAction> = {
  list: WORK,
  read: WORK,
  create: WORK,
  update: WORK,
  delete: WORK,
  restore: WORK,
  merge: WORK,
};

/**
 * The customers an actor sees: live ones (or, with `trash`, those deleted in the last 30 days) owned by
 * someone in their record scope, or buying a live deal owned by someone in it (a rep given a deal sees
 * its customer). Anything else is a 404 to them.
 */
export function visibleWhere(actor: Actor, options: { trash?: boolean } = {}): SQL | undefined {
  const owned = userInScope(actor, sql`mine.owner_id`);
  const state = trashState(customers.deletedAt, options.trash);
  if (!owned) return state;
  // Two index lookups (customers and deals by owner), not a condition tried on every customer.
  const reachable = sql`${customers.id} in (
    select mine.id from customers mine where ${owned}
    union all
    select deal.customer_id from opportunities deal
      where deal.deleted_at is null and ${userInScope(actor, sql`deal.owner_id`)})`;
  return and(state, reachable);
}

/** Whether the actor may change a customer they see: only one owned by someone in their scope. */
export function changeableWhere(actor: Actor): SQL {
  return userInScope(actor, customers.ownerId) ?? sql`true`;
}
