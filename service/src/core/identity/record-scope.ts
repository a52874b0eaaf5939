import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Actor, TenantActor } from './actor.js';
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

/** Whose records a report covers: a person, a team, the caller's teams or the organization, as a subquery of user ids. */
export interface OwnerScope {
  kind: 'user' | 'team' | 'organization';
  id: string | null;
  name: string;
  owners: SQL;
}

/**
 * The owners a report covers: the member asked for (`userId`) or a team's members (`teamId`), each inside
 * the actor's record scope (404 for someone they may not see, or an unknown team), else the whole record
 * scope. Never loads ids into memory.
 */
export async function ownerScope(
  tx: Tx,
  actor: TenantActor,
  input: { teamId?: string; userId?: string },
): Promise<OwnerScope> {
  const inScope = (column: SQL) => userInScope(actor, column) ?? sql`true`;
  if (input.userId) {
    const [user] = await queryRows<{ name: string }>(
      tx,
      sql`select u.name from memberships m join users u on u.id = m.user_id
        where m.user_id = ${input.userId} and ${inScope(sql`m.user_id`)}`,
    );
    if (!user) throw AppError.notFound('User');
    return { kind: 'user', id: input.userId, name: user.name, owners: sql`(select ${input.userId}::uuid)` };
  }
  if (input.teamId) {
    const [team] = await queryRows<{ name: string }>(
      tx,
      sql`select name from teams where id = ${input.teamId}`,
    );
    if (!team) throw AppError.notFound('Team');
    return {
      kind: 'team',
      id: input.teamId,
      name: team.name,
      owners: sql`(select tm.user_id from team_members tm where tm.team_id = ${input.teamId} and ${inScope(sql`tm.user_id`)})`,
    };
  }
  const scope = recordScopeOf(actor);
  if (scope === 'tenant')
    return {
      kind: 'organization',
      id: null,
      name: 'The organization',
      owners: sql`(select m.user_id from memberships m)`,
    };
  if (scope === 'team')
    return {
      kind: 'team',
      id: null,
      name: 'Your teams',
      owners: sql`(select m.user_id from memberships m where ${inScope(sql`m.user_id`)})`,
    };
  const [me] = await queryRows<{ name: string }>(tx, sql`select name from users where id = ${actor.userId}`);
  return {
    kind: 'user',
    id: actor.userId,
    name: me?.name ?? 'You',
    owners: sql`(select ${actor.userId}::uuid)`,
  };
}
