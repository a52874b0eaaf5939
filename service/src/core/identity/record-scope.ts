import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from './actor.js';

/**
 * Whose records an actor sees in their organization (the spec's record scope): an Org Admin all of them,
 * a manager those of the members of the teams they manage (and their own), anyone else their own.
 */
export type RecordScope = 'tenant' | 'team' | 'own';

export function recordScopeOf(actor: Pick<Actor, 'permissions'>): RecordScope {
  const has = (permission: Parameters<typeof actor.permissions.has>[0]) => actor.permissions.has(permission);
  if (has('org.manage_users') || has('org.assign_roles')) return 'tenant';
  if (has('team.manage_members') || has('tasks.view_team_tasks') || has('team.view_performance'))
    return 'team';
  return 'own';
}

/** Ids of the users whose records `managerId` sees as a manager: the members of the teams they manage. */
export function managedUserIds(managerId: string): SQL {
  return sql`(select member.user_id from team_members member
    join team_members manager on manager.tenant_id = member.tenant_id and manager.team_id = member.team_id
    where manager.user_id = ${managerId} and manager.role = 'manager')`;
}

/**
 * The record-scope condition on a column holding a user id (an owner, an assignee, the user itself), as
 * SQL for a policy's `visibleWhere`. Undefined means no condition: the whole organization (RLS still
 * keeps it inside the tenant). Never loads ids into memory.
 */
export function userInScope(
  actor: Pick<Actor, 'permissions' | 'userId'>,
  userIdColumn: SQL | SQL.Aliased | object,
): SQL | undefined {
  const scope = recordScopeOf(actor);
  if (scope === 'tenant') return undefined;
  if (scope === 'team')
    return sql`(${userIdColumn} = ${actor.userId} or ${userIdColumn} in ${managedUserIds(actor.userId)})`;
  return sql`${userIdColumn} = ${actor.userId}`;
}
