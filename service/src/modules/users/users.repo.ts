import { and, asc, count, eq, gt, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { sessions } from '../auth/auth.tables.js';
import { memberships, roles, type Membership, type Role } from '../roles/roles.tables.js';
import { teamMembers, teams } from '../teams/teams.tables.js';
import { visibleWhere } from './users.policy.js';
import { users } from './users.tables.js';

export interface UserTeam {
  id: string;
  name: string;
  role: 'member' | 'manager';
}

function memberQuery(tx: Tx) {
  return tx
    .select({ membership: memberships, user: users, role: roles })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)));
}
/** A member of the organization: their membership, the person and their role. */
export type MemberRow = Awaited<ReturnType<typeof memberQuery>>[number];

export interface MemberFilter {
  q?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
  roleId?: string | undefined;
  teamId?: string | undefined;
  /** The last membership id of the previous page. */
  after?: string | undefined;
  limit: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

const inTeam = (tx: Tx, teamId: string) =>
  tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));

/** One page of the members the actor may see, plus one more row when there is a next page. */
export function listVisibleMembers(tx: Tx, actor: Actor, filter: MemberFilter): Promise<MemberRow[]> {
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
  const conditions: (SQL | undefined)[] = [
    visibleWhere(actor),
    pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
    filter.status ? eq(memberships.status, filter.status) : undefined,
    filter.roleId ? eq(memberships.roleId, filter.roleId) : undefined,
    filter.teamId ? inArray(memberships.userId, inTeam(tx, filter.teamId)) : undefined,
    filter.after ? gt(memberships.id, filter.after) : undefined,
  ];
  return memberQuery(tx)
    .where(and(...conditions))
    .orderBy(asc(memberships.id))
    .limit(filter.limit + 1);
}

/** The member when the actor may see them; undefined otherwise (a 404 to the caller either way). */
export async function findVisibleMember(
  tx: Tx,
  actor: Actor,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await memberQuery(tx)
    .where(and(eq(memberships.userId, userId), visibleWhere(actor)))
    .limit(1);
  return row;
}

/** The teams of each user, by team name. */
export async function teamsOf(tx: Tx, userIds: string[]): Promise<Map<string, UserTeam[]>> {
  const byUser = new Map<string, UserTeam[]>();
  if (!userIds.length) return byUser;
  const rows = await tx
    .select({ userId: teamMembers.userId, id: teams.id, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.tenantId, teamMembers.tenantId), eq(teams.id, teamMembers.teamId)))
    .where(inArray(teamMembers.userId, userIds))
    .orderBy(asc(teams.name));
  for (const { userId, ...team } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), team]);
  return byUser;
}

export async function findRole(tx: Tx, roleId: string): Promise<Role | undefined> {
  const [role] = await tx.select().from(roles).where(eq(roles.id, roleId)).limit(1);
  return role;
}

/** Active Org Admins other than `userId`. */
export async function otherActiveAdminCount(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ admins: count() })
    .from(memberships)
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)))
    .where(
      and(
        eq(roles.builtInKey, 'org_admin'),
        eq(memberships.status, 'active'),
        ne(memberships.userId, userId),
      ),
    );
  return row?.admins ?? 0;
}

/** Applies the change when `version` is still current; undefined when someone changed it first. */
export async function updateMembership(
  tx: Tx,
  input: {
    id: string;
    version: number;
    roleId?: string | undefined;
    status?: Membership['status'] | undefined;
  },
): Promise<Membership | undefined> {
  const [updated] = await tx
    .update(memberships)
    .set({
      ...(input.roleId !== undefined && { roleId: input.roleId }),
      ...(input.status !== undefined && { status: input.status }),
      version: input.version + 1,
    })
    .where(and(eq(memberships.id, input.id), eq(memberships.version, input.version)))
    .returning();
  return updated;
}

/** Signs the user out of this organization; returns the ended sessions' ids. */
export async function endSessions(tx: Tx, input: { userId: string; tenantId: string }): Promise<string[]> {
  const ended = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), eq(sessions.activeTenantId, input.tenantId)))
    .returning({ id: sessions.id });
  return ended.map((session) => session.id);
}

/** Which of `teamIds` are teams of this organization. */
export async function existingTeamIds(tx: Tx, teamIds: string[]): Promise<Set<string>> {
  if (!teamIds.length) return new Set();
  const rows = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds));
  return new Set(rows.map((team) => team.id));
}

export async function teamIdsOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, userId));
  return rows.map((row) => row.teamId);
}

export async function removeFromTeams(tx: Tx, userId: string, teamIds: string[]): Promise<void> {
  if (!teamIds.length) return;
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, teamIds)));
}

export async function addToTeams(
  tx: Tx,
  input: { tenantId: string; userId: string; teamIds: string[] },
): Promise<void> {
  if (!input.teamIds.length) return;
  await tx
    .insert(teamMembers)
    .values(input.teamIds.map((teamId) => ({ tenantId: input.tenantId, teamId, userId: input.userId })));
}

/** The organization's roles and teams by name: what an import's rows may name. */
export async function importChoices(tx: Tx) {
  const roleRows = await tx.select().from(roles);
  const teamRows = await tx.select({ id: teams.id, name: teams.name }).from(teams);
  return {
    roleByName: new Map(roleRows.map((role) => [role.name, role])),
    teamByName: new Map(teamRows.map((team) => [team.name, team])),
  };
}
