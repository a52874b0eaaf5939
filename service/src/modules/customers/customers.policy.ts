import { and, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
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

/** Days a deleted customer stays in the trash, restorable, before the purge. */
export const TRASH_DAYS = 30;

/**
 * The customers an actor sees: live ones (or, with `trash`, those deleted in the last 30 days) owned by
 * someone in their record scope. Anything else is a 404 to them.
 */
export function visibleWhere(actor: Actor, options: { trash?: boolean } = {}): SQL | undefined {
  const state = options.trash
    ? and(
        isNotNull(customers.deletedAt),
        sql`${customers.deletedAt} > now() - make_interval(days => ${TRASH_DAYS})`,
      )
    : isNull(customers.deletedAt);
  return and(state, userInScope(actor, customers.ownerId));
}
