import { and, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import type { Permission } from '../../core/identity/permissions.js';
import {
  managedUserIds,
  recordWork,
  TEAM_SCOPE_PERMISSIONS,
  TENANT_SCOPE_PERMISSIONS,
  textArray,
  userInScope,
} from '../../core/identity/record-scope.js';
import { trashState } from '../../core/db/trash.js';
import { tasks } from './tasks.tables.js';

export type TaskAction =
  'list' | 'read' | 'create' | 'update' | 'delete' | 'restore' | 'comment' | 'trackTime' | 'manageCategories';

/**
 * Who works with tasks at all: reps on theirs (`tasks.view_assigned`, `tasks.update_assigned`), managers
 * on their teams' (`tasks.view_team_tasks`, `team.assign_tasks`, `tasks.create_all_types`), Org Admins
 * on the organization's. Record rules (`visibleWhere`, `changeableWhere`) then narrow.
 */
export const TASK_WORK: readonly Permission[] = [
  ...new Set<Permission>([
    ...recordWork('tasks.view_assigned'),
    'tasks.update_assigned',
    'team.assign_tasks',
    'tasks.create_all_types',
  ]),
];

export const TASK_PERMISSIONS: ActionPermissions<TaskAction> = {
  list: TASK_WORK,
  read: TASK_WORK,
  create: TASK_WORK,
  update: TASK_WORK,
  delete: TASK_WORK,
  restore: TASK_WORK,
  comment: TASK_WORK,
  trackTime: TASK_WORK,
  manageCategories: ['org.configure_settings'],
};

/** Giving a task to someone else: managers to their teams' members, Org Admins to anyone. */
export const ASSIGN_OTHERS: readonly Permission[] = [
  'team.assign_tasks',
  'org.manage_users',
  'org.assign_roles',
];
/** Creating `private` and `collaborative` tasks (the spec's `tasks.create_all_types`). */
export const CREATE_ALL_TYPES: readonly Permission[] = [
  'tasks.create_all_types',
  'org.manage_users',
  'org.assign_roles',
];

const assigneesOf = (taskId: SQL | object) =>
  sql`(select a.user_id from task_assignees a where a.tenant_id = ${tasks.tenantId} and a.task_id = ${taskId})`;

/**
 * The tasks an actor sees (live ones, or with `trash` those deleted in the last 30 days):
 * - any task they created, are assigned to, or (not private) watch;
 * - any task with an assignee in a team they manage (the assignees' managers, private tasks included);
 * - not private: any task whose assignees or creator are in their record scope (Org Admins: all);
 * - team: any task of a team they belong to (its `teamId`, else the teams of its assignees).
 * Private tasks are never visible to anyone else, Org Admins included.
 */
export function visibleWhere(actor: Actor, options: { trash?: boolean } = {}): SQL | undefined {
  const me = actor.userId;
  const assignees = assigneesOf(tasks.id);
  const inScope = userInScope(actor, sql`x.user_id`);
  const scopeHoldsSomeone = inScope
    ? sql`exists (select 1 from (select user_id from ${assignees} assignee
        union all select ${tasks.createdBy}) x where ${inScope})`
    : sql`true`;
  const relation = sql`(${tasks.createdBy} = ${me}
    or ${me} in ${assignees}
    or exists (select 1 from task_assignees a where a.tenant_id = ${tasks.tenantId} and a.task_id = ${tasks.id}
      and a.user_id in ${managedUserIds(me)})
    or (${tasks.visibility} <> 'private' and (
      exists (select 1 from task_watchers w where w.tenant_id = ${tasks.tenantId} and w.task_id = ${tasks.id} and w.user_id = ${me})
      or ${scopeHoldsSomeone}
      or (${tasks.visibility} = 'team' and exists (
        select 1 from team_members mine where mine.tenant_id = ${tasks.tenantId} and mine.user_id = ${me}
          and (mine.team_id = ${tasks.teamId} or (${tasks.teamId} is null and mine.team_id in (
            select t.team_id from team_members t where t.tenant_id = ${tasks.tenantId} and t.user_id in ${assignees})))))
    )))`;
  return and(trashState(tasks.deletedAt, options.trash), relation);
}

/**
 * Who may change a task they see: its creator, assignees and (collaborative) watchers, and whoever's
 * record scope holds an assignee (managers, Org Admins); team members who only see a team task read it.
 * Private tasks: only their creator, assignees and the assignees' managers, as for seeing them.
 */
export function changeableWhere(actor: Actor): SQL {
  const me = actor.userId;
  const assignees = assigneesOf(tasks.id);
  const inScope = userInScope(actor, sql`x.user_id`);
  return sql`(${tasks.createdBy} = ${me}
    or ${me} in ${assignees}
    or exists (select 1 from task_assignees a where a.tenant_id = ${tasks.tenantId} and a.task_id = ${tasks.id}
      and a.user_id in ${managedUserIds(me)})
    or (${tasks.visibility} <> 'private' and (
      exists (select 1 from task_watchers w where w.tenant_id = ${tasks.tenantId} and w.task_id = ${tasks.id} and w.user_id = ${me})
      or ${inScope ? sql`exists (select 1 from (select user_id from ${assignees} assignee union all select ${tasks.createdBy}) x where ${inScope})` : sql`true`}
    )))`;
}

/** Whether the task with id `taskId` (an SQL expression) is one the actor sees (documents, search). */
export function taskIsVisible(actor: Actor, taskId: SQL | object): SQL {
  return sql`exists (select 1 from ${tasks} where ${tasks.id} = ${taskId} and ${visibleWhere(actor) ?? sql`true`})`;
}

/**
 * Everyone who may see the task `taskId` right now, as a subquery of user ids: the inverse of
 * `visibleWhere`, for fan-out (notifications, realtime). Only active members who work with tasks.
 */
export function taskAudience(taskId: string): SQL {
  // The rules live in the function `task_audience` (migration 0017, planned once per connection); the
  // permission lists come from here so they stay in one place.
  return sql`(select audience.user_id from task_audience(${taskId}::uuid, ${textArray(TASK_WORK)}, ${textArray(
    TENANT_SCOPE_PERMISSIONS,
  )}, ${textArray(TEAM_SCOPE_PERMISSIONS)}) audience)`;
}
