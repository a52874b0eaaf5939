import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { tenants } from '../platform/platform.tables.js';
import { memberships, roles } from '../roles/roles.tables.js';
import { users } from '../users/users.tables.js';
import { visibleWhere } from './teams.policy.js';
import { teamMembers, teams, type Team } from './teams.tables.js';

export interface TeamMemberRow {
  userId: string;
  name: string;
  email: string;
  role: 'member' | 'manager';
}

export function listVisibleTeams(tx: Tx, actor: Actor): Promise<Team[]> {
  return tx.select().from(teams).where(visibleWhere(actor)).orderBy(asc(teams.name));
}

/** The team when the actor may see it; undefined otherwise (a 404 to the caller either way). */
export async function findVisibleTeam(tx: Tx, actor: Actor, id: string): Promise<Team | undefined> {
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, id), visibleWhere(actor)))
    .limit(1);
  return team;
}

/** Members of each team, by name. */
export async function membersOf(tx: Tx, teamIds: string[]): Promise<Map<string, TeamMemberRow[]>> {
  const byTeam = new Map<string, TeamMemberRow[]>();
  if (!teamIds.length) return byTeam;
  const rows = await tx
    .select({
      teamId: teamMembers.teamId,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: teamMembers.role,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teamMembers.teamId, teamIds))
    .orderBy(asc(users.name));
  for (const { teamId, ...member } of rows) byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), member]);
  return byTeam;
}

export async function isNameTaken(tx: Tx, name: string, exceptId?: string): Promise<boolean> {
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(${teams.name}) = lower(${name})`, exceptId ? ne(teams.id, exceptId) : undefined))
    .limit(1);
  return clash !== undefined;
}

export async function insertTeam(tx: Tx, values: typeof teams.$inferInsert): Promise<Team> {
  const [team] = await tx.insert(teams).values(values).returning();
  return team!;
}

/** Applies the change when `version` is still current; undefined when someone changed it first. */
export async function updateTeam(
  tx: Tx,
  input: { id: string; version: number; name?: string | undefined; description?: string | undefined },
): Promise<Team | undefined> {
  const [updated] = await tx
    .update(teams)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      version: input.version + 1,
    })
    .where(and(eq(teams.id, input.id), eq(teams.version, input.version)))
    .returning();
  return updated;
}

export async function deleteTeam(tx: Tx, id: string): Promise<void> {
  await tx.delete(teams).where(eq(teams.id, id));
}

export async function findMember(tx: Tx, teamId: string, userId: string) {
  const [member] = await tx
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .limit(1);
  return member;
}

/** A member of the organization with what their role lets them do; undefined when not a member. */
export async function findCandidate(tx: Tx, userId: string) {
  const [candidate] = await tx
    .select({ user: users, permissions: roles.permissions })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)))
    .where(eq(memberships.userId, userId))
    .limit(1);
  return candidate;
}

export async function putMember(
  tx: Tx,
  input: { tenantId: string; teamId: string; userId: string; role: 'member' | 'manager' },
): Promise<void> {
  await tx
    .insert(teamMembers)
    .values(input)
    .onConflictDoUpdate({
      target: [teamMembers.tenantId, teamMembers.teamId, teamMembers.userId],
      set: { role: input.role },
    });
}

export async function deleteMember(tx: Tx, teamId: string, userId: string): Promise<void> {
  await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}

export async function organizationName(tx: Tx, tenantId: string): Promise<string | undefined> {
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.name;
}
