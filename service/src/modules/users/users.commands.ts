import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import type { Membership } from '../roles/roles.tables.js';
import {
  assertKeepsAnAdmin,
  assertMayChange,
  assertMayGiveRole,
  assertNotSelf,
  isActiveAdmin,
} from './users.policy.js';
import { presentMember } from './users.presenter.js';
import * as repo from './users.repo.js';

type Command = CommandInput;

/** A member with their teams: what every user command returns. */
export interface MemberWithTeams {
  member: repo.MemberRow;
  teams: repo.UserTeam[];
}

export interface MemberPage {
  members: MemberWithTeams[];
  nextCursor: string | null;
}

async function visibleMember(tx: Tx, actor: TenantActor, userId: string): Promise<repo.MemberRow> {
  const member = await repo.findVisibleMember(tx, actor, userId);
  if (!member) throw AppError.notFound('User');
  return member;
}

async function withTeams(tx: Tx, member: repo.MemberRow): Promise<MemberWithTeams> {
  return { member, teams: (await repo.teamsOf(tx, [member.user.id])).get(member.user.id) ?? [] };
}

/** Members the actor may see (everyone, their teams, or themselves), a page at a time. */
export async function listUsers({
  actor,
  tx,
  cursor,
  ...filter
}: Command & Omit<repo.MemberFilter, 'after'> & { cursor?: string | undefined }): Promise<MemberPage> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rows = await repo.listVisibleMembers(tx, actor, { ...filter, after });
  const page = rows.slice(0, filter.limit);
  const teams = await repo.teamsOf(
    tx,
    page.map((member) => member.user.id),
  );
  const last = page.at(-1);
  return {
    members: page.map((member) => ({ member, teams: teams.get(member.user.id) ?? [] })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.membership.id) : null,
  };
}

const encodeCursor = (membershipId: string) => Buffer.from(membershipId).toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  return id;
}

export async function getUser({ actor, tx, userId }: Command & { userId: string }): Promise<MemberWithTeams> {
  return withTeams(tx, await visibleMember(tx, actor, userId));
}

export interface MemberChange {
  version: number;
  roleId?: string | undefined;
  teamIds?: string[] | undefined;
  status?: Membership['status'] | undefined;
}

/**
 * Changes a member's role, teams or status. Deactivating signs them out of the organization; a new role
 * or status takes effect on their next request (their cached caller is forgotten here).
 */
export async function updateUser({
  actor,
  tx,
  services,
  userId,
  ...change
}: Command & MemberChange & { services: Services; userId: string }): Promise<MemberWithTeams> {
  const member = await visibleMember(tx, actor, userId);
  const before = await withTeams(tx, member);
  const stale = () => AppError.staleVersion(presentMember(before.member, before.teams));
  if (member.membership.version !== change.version) throw stale();
  assertNotSelf(actor, userId, change);
  const roleId = await newRoleId({ actor, tx, member, roleId: change.roleId });
  const status = await newStatus({ actor, tx, member, status: change.status });
  if (change.teamIds) await replaceTeams({ actor, tx, userId, teamIds: change.teamIds });
  const updated = await repo.updateMembership(tx, {
    id: member.membership.id,
    version: change.version,
    roleId,
    status,
  });
  if (!updated) throw stale();
  if (roleId || status === 'deactivated') await endAccess({ actor, tx, services, member, status });
  const after = await withTeams(tx, await visibleMember(tx, actor, userId));
  await recordAudit(tx, actor.tenantId, {
    action: 'user.updated',
    entityType: 'user',
    entityId: userId,
    before: presentMember(before.member, before.teams),
    after: presentMember(after.member, after.teams),
  });
  return after;
}

interface MemberCommand extends Command {
  member: repo.MemberRow;
}

/** The member's new role id, checked; undefined when the role stays. */
async function newRoleId(input: MemberCommand & { roleId: string | undefined }): Promise<string | undefined> {
  const { actor, tx, member, roleId } = input;
  if (!roleId || roleId === member.role.id) return undefined;
  assertMayChange(actor, 'role');
  const role = await repo.findRole(tx, roleId);
  if (!role)
    throw AppError.validation([{ path: 'body.roleId', message: 'no such role in this organization' }]);
  assertMayGiveRole(actor, role);
  if (isActiveAdmin(member)) assertKeepsAnAdmin(await repo.otherActiveAdminCount(tx, member.user.id));
  return role.id;
}

/** The member's new status, checked; undefined when it stays. */
async function newStatus(
  input: MemberCommand & { status: Membership['status'] | undefined },
): Promise<Membership['status'] | undefined> {
  const { actor, tx, member, status } = input;
  if (!status || status === member.membership.status) return undefined;
  assertMayChange(actor, 'status');
  if (status === 'deactivated' && isActiveAdmin(member)) {
    assertKeepsAnAdmin(await repo.otherActiveAdminCount(tx, member.user.id));
  }
  return status;
}

/** Makes the member's teams exactly `teamIds` (each must be a team of this organization). */
async function replaceTeams(input: Command & { userId: string; teamIds: string[] }): Promise<void> {
  const { actor, tx, userId } = input;
  assertMayChange(actor, 'teams');
  const wanted = [...new Set(input.teamIds)];
  const existing = await repo.existingTeamIds(tx, wanted);
  const missing = wanted.filter((id) => !existing.has(id));
  if (missing.length) {
    throw AppError.validation(
      missing.map((id) => ({ path: 'body.teamIds', message: `no such team in this organization: ${id}` })),
    );
  }
  const current = await repo.teamIdsOf(tx, userId);
  await repo.removeFromTeams(
    tx,
    userId,
    current.filter((id) => !wanted.includes(id)),
  );
  await repo.addToTeams(tx, {
    tenantId: actor.tenantId,
    userId,
    teamIds: wanted.filter((id) => !current.includes(id)),
  });
}

/**
 * A changed role or a deactivation narrows what the member may do: forget their cached callers here at
 * once (other instances hear it at commit). Deactivation also ends their sessions in this organization.
 */
async function endAccess(
  input: MemberCommand & { services: Services; status: Membership['status'] | undefined },
): Promise<void> {
  const { actor, tx, services, member, status } = input;
  if (status === 'deactivated') {
    const ended = await repo.endSessions(tx, { userId: member.user.id, tenantId: actor.tenantId });
    for (const sessionId of ended) services.callers.forget(`session:${sessionId}`);
  }
  services.callers.forget(`membership:${member.membership.id}`);
}
