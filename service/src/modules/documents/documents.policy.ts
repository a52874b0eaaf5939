import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { recordWork } from '../../core/identity/record-scope.js';
import { documents, type DocumentParentType } from './documents.tables.js';

/** The work a document belongs to is the work on its record: a customer's files are customer work. */
export const WORK_ON_PARENT: ActionPermissions<DocumentParentType> = {
  customer: recordWork('customers.manage_assigned'),
  contact: recordWork('customers.manage_assigned'),
  opportunity: recordWork('opportunities.manage_assigned'),
  interaction: recordWork('interactions.create_own'),
  task: recordWork('tasks.view_assigned'),
};

export type DocumentAction = 'upload' | 'list' | 'download' | 'delete';

const ANY_RECORD_WORK = [...new Set(Object.values(WORK_ON_PARENT).flat())];

/** Routes let in whoever works on some kind of record; the parent's kind and visibility then decide. */
export const DOCUMENT_PERMISSIONS: ActionPermissions<DocumentAction> = {
  upload: ANY_RECORD_WORK,
  list: ANY_RECORD_WORK,
  download: ANY_RECORD_WORK,
  delete: ANY_RECORD_WORK,
};

/** 403 unless the actor works on records of the parent's kind (seeing the record is checked after). */
export function assertMayWorkOn(actor: Actor, parentType: DocumentParentType): void {
  assertAllowed(actor, WORK_ON_PARENT, parentType);
}

/** Documents not in the trash; whether their record is visible is `repo.isParentVisible`. */
export function notDeleted(): SQL {
  return sql`${documents.deletedAt} is null`;
}
