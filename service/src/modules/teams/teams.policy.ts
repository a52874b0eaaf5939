import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { AppError } from '../../core/errors/app-error.js';
import { SALES_REP_PERMISSIONS, type Permission } from '../../core/identity/permissions.js';
import { teams } from './teams.tables.js';

export type TeamAction = 'list' | 'create' | 'update' | 'delete' | 'manageMembers';

export const TEAM_PERMISSIONS: ActionPermissions<TeamAction> = {
  list: [],
  create: ['org.manage_users'],
  update: ['org.manage_users'],
  delete: ['org.manage_users'],
  manageMembers: ['org.manage_users', 'team.manage_members'],
};

/** User admins see every team; everyone else the teams they are in (as member or manager). */
export function visibleWhere(actor: Actor): SQL | undefined {
  if (actor.permissions.has('org.manage_users')) return undefined;
  return sql`${teams.id} in (select team_id from team_members where user_id = ${actor.userId})`;
}

export interface MembershipChange {
  /** The actor's own role in the team, if they are in it. */
  actorTeamRole: 'member' | 'manager' | undefined;
  /** The team role being given or taken away. */
  role: 'member' | 'manager';
  /** What the person being added holds in the organization (adding only). */
  candidatePermissions?: readonly string[];
}

/** The work a manager manages (a rep's permissions): holding these never outranks a manager. */
const MANAGED_WORK = new Set<string>(SALES_REP_PERMISSIONS);

/**
 * User admins add and remove anyone, as member or manager. A team's manager adds and removes members of
 * that team, and may add only people who hold no organization or management permission the manager
 * lacks: otherwise a manager could put the Org Admin in their team and then manage them. (A rep's own
 * permissions do not count: managing that work is what a manager is for.)
 */
export function assertMayChangeMembers(actor: Actor, change: MembershipChange): void {
  if (actor.permissions.has('org.manage_users')) return;
  if (change.role === 'manager') throw new AppError('team_manager_needs_admin');
  if (!actor.permissions.has('team.manage_members') || change.actorTeamRole !== 'manager') {
    throw new AppError('team_not_managed', { message: 'You do not manage this team' });
  }
  const beyond = (change.candidatePermissions ?? []).filter(
    (permission) => !MANAGED_WORK.has(permission) && !actor.permissions.has(permission as Permission),
  );
  if (beyond.length) {
    throw new AppError('team_member_outranks_you', {
      message: `That person holds permissions you do not: ${beyond.join(', ')}`,
    });
  }
}
