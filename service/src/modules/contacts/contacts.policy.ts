import { and, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { recordWork, userInScope } from '../../core/identity/record-scope.js';
import { trashState } from '../../core/db/trash.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { contacts } from './contacts.tables.js';

export type ContactAction = 'list' | 'read' | 'create' | 'update' | 'delete' | 'restore' | 'merge';

/** Contacts are worked on with the customers they belong to. */
const WORK = recordWork('customers.manage_assigned');

export const CONTACT_PERMISSIONS: ActionPermissions<ContactAction> = {
  list: WORK,
  read: WORK,
  create: WORK,
  update: WORK,
  delete: WORK,
  restore: WORK,
  merge: WORK,
};

/** Whether the customer with id `customerId` (an SQL expression) is one the actor sees. */
export function customerIsVisible(actor: Actor, customerId: SQL): SQL {
  return sql`exists (select 1 from ${customers} where ${customers.id} = ${customerId} and ${
    customerVisibleWhere(actor) ?? sql`true`
  })`;
}

/**
 * The contacts an actor sees: live ones (or, with `trash`, those deleted in the last 30 days) that they
 * own through their record scope, or that work with a customer they see. Anything else is a 404.
 */
export function visibleWhere(actor: Actor, options: { trash?: boolean } = {}): SQL | undefined {
  const state = trashState(contacts.deletedAt, options.trash);
  const owned = userInScope(actor, contacts.ownerId);
  if (!owned) return state;
  const atVisibleCustomer = sql`exists (select 1 from contact_customers link
    where link.contact_id = ${contacts.id} and ${customerIsVisible(actor, sql`link.customer_id`)})`;
  return and(state, or(owned, atVisibleCustomer));
}
