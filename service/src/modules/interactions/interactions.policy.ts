import { and, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { recordWork, userInScope } from '../../core/identity/record-scope.js';
import { customerIsVisible } from '../contacts/contacts.policy.js';
import { trashState } from '../../core/db/trash.js';
import { visibleWhere as opportunityVisibleWhere } from '../opportunities/opportunities.policy.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { interactions } from './interactions.tables.js';

export type InteractionAction = 'list' | 'read' | 'log' | 'update' | 'delete' | 'restore';

/** Reps log their own interactions; managers and Org Admins work on those in their record scope. */
const WORK = recordWork('interactions.create_own');

export const INTERACTION_PERMISSIONS: ActionPermissions<InteractionAction> = {
  list: WORK,
  read: WORK,
  log: WORK,
  update: WORK,
  delete: WORK,
  restore: WORK,
};

/** Whether the opportunity with id `opportunityId` (an SQL expression) is one the actor sees. */
export function opportunityIsVisible(actor: Actor, opportunityId: SQL | object): SQL {
  return sql`exists (select 1 from ${opportunities} where ${opportunities.id} = ${opportunityId} and ${
    opportunityVisibleWhere(actor) ?? sql`true`
  })`;
}

/**
 * The interactions an actor sees: live ones (or, with `trash`, those deleted in the last 30 days) owned
 * by someone in their record scope, or about a customer or an opportunity they see.
 */
export function visibleWhere(actor: Actor, options: { trash?: boolean } = {}): SQL | undefined {
  const state = trashState(interactions.deletedAt, options.trash);
  const owned = userInScope(actor, interactions.ownerId);
  if (!owned) return state;
  return and(
    state,
    or(
      owned,
      and(isNotNull(interactions.customerId), customerIsVisible(actor, sql`${interactions.customerId}`)),
      and(isNotNull(interactions.opportunityId), opportunityIsVisible(actor, interactions.opportunityId)),
    ),
  );
}

/** Who may change or delete an interaction they see: its owner, or someone whose scope holds the owner. */
export function changeableWhere(actor: Actor): SQL | undefined {
  return userInScope(actor, interactions.ownerId);
}
