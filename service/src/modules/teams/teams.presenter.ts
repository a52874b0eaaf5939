import type { TeamMemberRow } from './teams.repo.js';
import type { Team } from './teams.tables.js';

export function presentTeam(team: Team, members: TeamMemberRow[]) {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    members,
    version: team.version,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}
export type TeamView = ReturnType<typeof presentTeam>;
