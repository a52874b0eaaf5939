import { and, isNull, or, sql, type SQL } from 'drizzle-orm';
import { holdsAny, type Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import type { Permission } from '../../core/identity/permissions.js';
import { managedUserIds, recordWork, TENANT_SCOPE_PERMISSIONS } from '../../core/identity/record-scope.js';
import { goals } from './goals.tables.js';

export type GoalAction = 'list' | 'read' | 'rankings' | 'create' | 'update' | 'delete';

/**
 * Who reads goals: reps (their personal dashboard, or any work permission) read their own and their
 * teams'; managers and Org Admins those in their record scope. Record rules (`visibleWhere`) narrow.
 */
export const GOAL_READ: readonly Permission[] = [
  ...new Set<Permission>([
    'dashboard.view_personal',
    'team.set_goals',
    ...recordWork('opportunities.manage_assigned'),
    'customers.manage_assigned',
    'interactions.create_own',
    'tasks.view_assigned',
    'tasks.update_assigned',
  ]),
];

/** Who sets goals: managers (`team.set_goals`) for their teams and their members, Org Admins for anyone. */
export const GOAL_SET: readonly Permission[] = ['team.set_goals', ...TENANT_SCOPE_PERMISSIONS];

export const GOAL_PERMISSIONS: ActionPermissions<GoalAction> = {
  list: GOAL_READ,
  read: GOAL_READ,
  rankings: GOAL_READ,
  create: GOAL_SET,
  update: GOAL_SET,
  delete: GOAL_SET,
};

type Who = Pick<Actor, 'permissions' | 'userId'>;

/** Org Admins see and set every goal of the organization. */
export function setsAnyGoal(actor: Pick<Actor, 'permissions'>): boolean {
  return holdsAny(actor, TENANT_SCOPE_PERMISSIONS);
}

/** Ids of the teams `userId` belongs to (as a member or their manager). */
export function teamsOf(userId: string): SQL {
  return sql`(select tm.team_id from team_members tm where tm.user_id = ${userId})`;
}

/** Ids of the teams `userId` manages. */
export function managedTeamIds(userId: string): SQL {
  return sql`(select tm.team_id from team_members tm where tm.user_id = ${userId} and tm.role = 'manager')`;
}

/**
 * The goals an actor may set (change, delete): any for Org Admins; for a manager holding
 * `team.set_goals`, their own, those of the members of the teams they manage and of those teams.
 */
export function changeableWhere(actor: Who): SQL | undefined {
  if (setsAnyGoal(actor)) return undefined;
  if (!actor.permissions.has('team.set_goals')) return sql`false`;
  return or(
    sql`${goals.ownerUserId} = ${actor.userId}`,
    sql`${goals.ownerUserId} in ${managedUserIds(actor.userId)}`,
    sql`${goals.ownerTeamId} in ${managedTeamIds(actor.userId)}`,
  );
}

/**
 * The live goals an actor sees: those they may set, their own and those of the teams they belong to.
 * Org Admins see every goal.
 */
export function visibleWhere(actor: Who): SQL | undefined {
  const live = isNull(goals.deletedAt);
  const changeable = changeableWhere(actor);
  if (!changeable) return live;
  return and(
    live,
    or(
      changeable,
      sql`${goals.ownerUserId} = ${actor.userId}`,
      sql`${goals.ownerTeamId} in ${teamsOf(actor.userId)}`,
    ),
  );
}

/** The teams whose rankings an actor reads: every team for Org Admins, else the teams they belong to. */
export function rankedTeamsWhere(actor: Who, teamIdColumn: SQL): SQL | undefined {
  if (setsAnyGoal(actor)) return undefined;
  return sql`${teamIdColumn} in ${teamsOf(actor.userId)}`;
}
