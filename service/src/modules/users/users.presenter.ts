import type { MemberRow, UserTeam } from './users.repo.js';

export function presentMember(row: MemberRow, teams: UserTeam[]) {
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    status: row.membership.status,
    roleId: row.role.id,
    roleName: row.role.name,
    teams,
    lastLoginAt: row.user.lastLoginAt?.toISOString() ?? null,
    joinedAt: row.membership.createdAt.toISOString(),
    version: row.membership.version,
  };
}
export type MemberView = ReturnType<typeof presentMember>;
