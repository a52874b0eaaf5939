import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Actor } from './actor.js';
import type { Permission } from './permissions.js';

/**
 * Whose records an actor sees in their organization (the spec's record scope): an Org Admin all of them,
 * a manager those of the members of the teams they manage (and their own), anyone else their own.
 */
export type RecordScope = 'tenant' | 'team' | 'own';

/** Holding one of these makes the whole organization an actor's record scope (Org Admins). */
export const TENANT_SCOPE_PERMISSIONS = ['org.manage_users', 'org.assign_roles'] as const;
/** Holding one of these makes the members of the teams one manages one's record scope (managers). */
export const TEAM_SCOPE_PERMISSIONS = [
  'team.manage_members',
  'tasks.view_team_tasks',
  'team.view_performance',
] as const;

export function recordScopeOf(actor: Pick<Actor, 'permissions'>): RecordScope {
  const holds = (permissions: readonly Permission[]) => permissions.some((p) => actor.permissions.has(p));
  if (holds(TENANT_SCOPE_PERMISSIONS)) return 'tenant';
  if (holds(TEAM_SCOPE_PERMISSIONS)) return 'team';
  return 'own';
}

/**
 * Who may work on records of a kind: those holding the work permission itself (a rep's
 * `customers.manage_assigned`, on what is theirs) and those whose role gives them a wider record scope
 * (managers and Org Admins, on the records of their teams or organization). Record scope then narrows.
 */
export function recordWork(work: Permission): readonly Permission[] {
  return [work, ...TENANT_SCOPE_PERMISSIONS, ...TEAM_SCOPE_PERMISSIONS];
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

/**
 * Checks that `userId` may own a record the actor gives them: a member of the organization (else 422 on
 * `path`) inside the actor's record scope (else 422 too: a rep assigns only to themselves, a manager to
 * their teams' members). Returns the member's name.
 */
export async function assertAssignable(
  tx: Tx,
  actor: Pick<Actor, 'permissions' | 'userId'>,
  userId: string,
  path: string,
): Promise<{ name: string }> {
  const scope = userInScope(actor, sql`m.user_id`);
  const [row] = await queryRows<{ name: string; in_scope: boolean }>(
    tx,
    sql`select u.name, ${scope ?? sql`true`} as in_scope
      from memberships m join users u on u.id = m.user_id
      where m.user_id = ${userId} and m.status = 'active'`,
  );
  if (!row) throw AppError.validation([{ path, message: 'is not an active member of this organization' }]);
  if (!row.in_scope) {
    throw AppError.validation([
      {
        path,
        message:
          recordScopeOf(actor) === 'own'
            ? 'you can only assign records to yourself'
            : 'you can only assign records to members of the teams you manage',
      },
    ]);
  }
  return { name: row.name };
}

/** A text[] literal of `values` as bound parameters. */
export function textArray(values: readonly string[]): SQL {
  return sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * The inverse of `userInScope`, for fan-out (notifications, realtime): the ids of the active members
 * holding one of `permissions` whose record scope holds one of the users `userIds` (a parenthesized
 * subquery or list): those users, the managers of their teams, and the organization-wide roles.
 */
export function scopeHolders(userIds: SQL, permissions: readonly Permission[]): SQL {
  return sql`(select m.user_id from memberships m
    join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
    where m.status = 'active' and r.permissions && ${textArray(permissions)}
      and (m.user_id in ${userIds}
        or r.permissions && ${textArray(TENANT_SCOPE_PERMISSIONS)}
        or (r.permissions && ${textArray(TEAM_SCOPE_PERMISSIONS)} and m.user_id in (
          select manager.user_id from team_members member
          join team_members manager on manager.tenant_id = member.tenant_id and manager.team_id = member.team_id
          where member.user_id in ${userIds} and manager.role = 'manager'))))`;
}
