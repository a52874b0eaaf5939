import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import { assertMayChangeMembers } from './teams.policy.js';
import * as repo from './teams.repo.js';
import type { Team } from './teams.tables.js';

type Command = CommandInput;

/** A team with its members: what every team command returns. */
export interface TeamWithMembers {
  team: Team;
  members: repo.TeamMemberRow[];
}

async function withMembers(tx: Tx, team: Team): Promise<TeamWithMembers> {
  return { team, members: (await repo.membersOf(tx, [team.id])).get(team.id) ?? [] };
}

async function visibleTeam(tx: Tx, actor: TenantActor, id: string): Promise<Team> {
  const team = await repo.findVisibleTeam(tx, actor, id);
  if (!team) throw AppError.notFound('Team');
  return team;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  if (await repo.isNameTaken(tx, name, exceptId)) {
    throw new AppError('team_name_taken', { message: `A team named "${name}" already exists` });
  }
}

export async function listTeams({ actor, tx }: Command): Promise<TeamWithMembers[]> {
  const rows = await repo.listVisibleTeams(tx, actor);
  const members = await repo.membersOf(
    tx,
    rows.map((team) => team.id),
  );
  return rows.map((team) => ({ team, members: members.get(team.id) ?? [] }));
}

export async function createTeam({
  actor,
  tx,
  name,
  description,
}: Command & { name: string; description: string }): Promise<TeamWithMembers> {
  await assertNameFree(tx, name);
  const team = await repo.insertTeam(tx, { tenantId: actor.tenantId, name, description });
  await recordAudit(tx, actor.tenantId, {
    action: 'team.created',
    entityType: 'team',
    entityId: team.id,
    after: team,
  });
  return { team, members: [] };
}

export async function updateTeam({
  actor,
  tx,
  teamId,
  ...change
}: Command & {
  teamId: string;
  version: number;
  name?: string | undefined;
  description?: string | undefined;
}): Promise<TeamWithMembers> {
  const team = await visibleTeam(tx, actor, teamId);
  if (change.name) await assertNameFree(tx, change.name, teamId);
  const updated = await repo.updateTeam(tx, { id: teamId, ...change });
  if (!updated) {
    const current = await withMembers(tx, team);
    throw AppError.staleVersion({ ...current.team, members: current.members });
  }
  await recordAudit(tx, actor.tenantId, {
    action: 'team.updated',
    entityType: 'team',
    entityId: teamId,
    before: team,
    after: updated,
  });
  return withMembers(tx, updated);
}

export async function deleteTeam({ actor, tx, teamId }: Command & { teamId: string }): Promise<void> {
  const team = await visibleTeam(tx, actor, teamId);
  await repo.deleteTeam(tx, teamId);
  await recordAudit(tx, actor.tenantId, {
    action: 'team.deleted',
    entityType: 'team',
    entityId: teamId,
    before: team,
  });
}

/** Adds someone to a team (or changes their team role); a newcomer is told by email. */
export async function addTeamMember({
  actor,
  tx,
  services,
  teamId,
  userId,
  role,
}: Command & {
  services: Services;
  teamId: string;
  userId: string;
  role: 'member' | 'manager';
}): Promise<TeamWithMembers> {
  const team = await visibleTeam(tx, actor, teamId);
  const candidate = await repo.findCandidate(tx, userId);
  if (!candidate)
    throw AppError.validation([{ path: 'body.userId', message: 'no such user in this organization' }]);
  const own = await repo.findMember(tx, teamId, actor.userId);
  const existing = await repo.findMember(tx, teamId, userId);
  // Changing a manager's place (even to member) is a manager change: only user admins make it.
  assertMayChangeMembers(actor, {
    actorTeamRole: own?.role,
    role: existing?.role === 'manager' ? 'manager' : role,
    candidatePermissions: candidate.permissions,
  });
  await repo.putMember(tx, { tenantId: actor.tenantId, teamId, userId, role });
  if (!existing) await emailNewMember({ actor, tx, services, team, user: candidate.user });
  await recordAudit(tx, actor.tenantId, {
    action: existing ? 'team.member_role_changed' : 'team.member_added',
    entityType: 'team',
    entityId: teamId,
    before: existing ?? null,
    after: { userId, role },
  });
  return withMembers(tx, team);
}

async function emailNewMember(input: {
  actor: TenantActor;
  tx: Tx;
  services: Services;
  team: Team;
  user: { email: string; name: string };
}): Promise<void> {
  const { actor, tx, services, team, user } = input;
  await services.queue.sendInTransaction(tx, QUEUES.email, {
    to: user.email,
    template: 'team_added',
    data: {
      name: user.name,
      teamName: team.name,
      organizationName: (await repo.organizationName(tx, actor.tenantId)) ?? 'your organization',
      addedByName: actor.name,
      dashboardUrl: services.config.publicUrl,
    },
  });
}

export async function removeTeamMember({
  actor,
  tx,
  teamId,
  userId,
}: Command & { teamId: string; userId: string }): Promise<TeamWithMembers> {
  const team = await visibleTeam(tx, actor, teamId);
  const existing = await repo.findMember(tx, teamId, userId);
  if (!existing) throw AppError.notFound('Team member');
  const own = await repo.findMember(tx, teamId, actor.userId);
  assertMayChangeMembers(actor, { actorTeamRole: own?.role, role: existing.role });
  await repo.deleteMember(tx, teamId, userId);
  await recordAudit(tx, actor.tenantId, {
    action: 'team.member_removed',
    entityType: 'team',
    entityId: teamId,
    before: existing,
  });
  return withMembers(tx, team);
}
