import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { teamMembers } from '../db/schema.js';
import type { AuthContext } from './actor.js';

/**
 * Which records of an organization a caller may see: all of them (org admins: users or roles), those of the teams they
 * manage (managers), or their own (reps). Domains filter by it; RLS below keeps it inside the tenant.
 */
export type RecordScope =
  | { kind: 'tenant' }
  | { kind: 'team'; teamIds: string[]; userIds: string[]; selfId: string }
  | { kind: 'own'; selfId: string };

export async function recordScopeOf(tx: Tx, auth: AuthContext): Promise<RecordScope> {
  if (auth.permissions.has('org.manage_users') || auth.permissions.has('org.assign_roles'))
    return { kind: 'tenant' };
  if (auth.permissions.has('team.manage_members') || auth.permissions.has('tasks.view_team_tasks')) {
    const managed = await tx
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.userId, auth.userId), eq(teamMembers.role, 'manager')));
    const teamIds = managed.map((row) => row.teamId);
    const members = teamIds.length
      ? await tx.select({ userId: teamMembers.userId, teamId: teamMembers.teamId }).from(teamMembers)
      : [];
    const userIds = [...new Set(members.filter((m) => teamIds.includes(m.teamId)).map((m) => m.userId))];
    return { kind: 'team', teamIds, userIds: [...new Set([...userIds, auth.userId])], selfId: auth.userId };
  }
  return { kind: 'own', selfId: auth.userId };
}

/** Whether a user (by id) is inside a record scope. */
export function scopeIncludesUser(scope: RecordScope, userId: string): boolean {
  if (scope.kind === 'tenant') return true;
  if (scope.kind === 'team') return scope.userIds.includes(userId);
  return scope.selfId === userId;
}
