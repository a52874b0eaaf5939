import { and, asc, eq, gt, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { memberships, roles, teamMembers, teams, users } from '../../core/db/schema.js';

export const memberColumns = { membership: memberships, user: users, role: roles };

function memberQuery(tx: Tx) {
  return tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)));
}
export type MemberRow = Awaited<ReturnType<typeof memberQuery>>[number];

export function listMembers(
  tx: Tx,
  filter: {
    q?: string | undefined;
    status?: 'active' | 'deactivated' | undefined;
    roleId?: string | undefined;
    userIds?: string[] | undefined;
    after?: string | undefined;
    limit: number;
  },
) {
  const conditions: (SQL | undefined)[] = [
    filter.q
      ? or(ilike(users.name, `%${escapeLike(filter.q)}%`), ilike(users.email, `%${escapeLike(filter.q)}%`))
      : undefined,
    filter.status ? eq(memberships.status, filter.status) : undefined,
    filter.roleId ? eq(memberships.roleId, filter.roleId) : undefined,
    filter.userIds
      ? inArray(memberships.userId, filter.userIds.length ? filter.userIds : [NO_ID])
      : undefined,
    filter.after ? gt(memberships.id, filter.after) : undefined,
  ];
  return memberQuery(tx)
    .where(and(...conditions))
    .orderBy(asc(memberships.id))
    .limit(filter.limit + 1);
}

const NO_ID = '00000000-0000-0000-0000-000000000000';
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

export async function findMember(tx: Tx, userId: string) {
  const [row] = await memberQuery(tx).where(eq(memberships.userId, userId)).limit(1);
  return row;
}

export async function teamsOf(tx: Tx, userIds: string[]) {
  if (!userIds.length) return new Map<string, { id: string; name: string; role: 'member' | 'manager' }[]>();
  const rows = await tx
    .select({ userId: teamMembers.userId, id: teams.id, name: teams.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.tenantId, teamMembers.tenantId), eq(teams.id, teamMembers.teamId)))
    .where(inArray(teamMembers.userId, userIds))
    .orderBy(asc(teams.name));
  const byUser = new Map<string, { id: string; name: string; role: 'member' | 'manager' }[]>();
  for (const { userId, ...team } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), team]);
  return byUser;
}

export async function userIdsInTeam(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));
  return rows.map((row) => row.userId);
}
