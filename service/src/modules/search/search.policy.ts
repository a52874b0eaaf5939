import type { ActionPermissions } from '../../core/identity/policy.js';
import { recordWork } from '../../core/identity/record-scope.js';
import { TASK_WORK } from '../tasks/tasks.policy.js';
import type { SearchType } from './search.schema.js';

/** Which work lets an actor find records of each kind (contacts are customer work). */
export const SEARCH_WORK: ActionPermissions<SearchType> = {
  customer: recordWork('customers.manage_assigned'),
  contact: recordWork('customers.manage_assigned'),
  opportunity: recordWork('opportunities.manage_assigned'),
  task: TASK_WORK,
};

export const SEARCH_PERMISSIONS: ActionPermissions<'search'> = {
  search: [...new Set(Object.values(SEARCH_WORK).flat())],
};
