import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { memberships, teamMembers, teams, tenants, users, type Team } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AuthDeps } from '../auth/auth.service.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { tenantOf } from '../../core/identity/grants.js';

type TeamMemberView = { userId: string; name: string; email: string; role: 'member' | 'manager' };

function presentTeam(team: Team, members: TeamMemberView[]) {
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

async function membersOf(tx: Tx, teamIds: string[]): Promise<Map<string, TeamMemberView[]>> {
  const byTeam = new Map<string, TeamMemberView[]>();
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

/** Teams the caller may see: all (user admins), managed ones (managers), else the ones they are in. */
async function visibleTeamIds(tx: Tx, auth: AuthContext): Promise<string[] | 'all'> {
  if (auth.permissions.has('org.manage_users')) return 'all';
  const rows = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, auth.userId));
  return rows.map((row) => row.teamId);
}

async function findVisibleTeam(tx: Tx, auth: AuthContext, id: string): Promise<Team> {
  const visible = await visibleTeamIds(tx, auth);
  const [team] = await tx.select().from(teams).where(eq(teams.id, id)).limit(1);
  if (!team || (visible !== 'all' && !visible.includes(id))) throw AppError.notFound('Team');
  return team;
}

const scope = (auth: AuthContext) => ({ tenantId: tenantOf(auth), userId: auth.userId });

export async function listTeams(deps: AuthDeps, auth: AuthContext) {
  return deps.db.transaction(scope(auth), async (tx) => {
    const visible = await visibleTeamIds(tx, auth);
    const rows = await tx
      .select()
      .from(teams)
      .where(
        visible === 'all'
          ? undefined
          : inArray(teams.id, visible.length ? visible : ['00000000-0000-0000-0000-000000000000']),
      )
      .orderBy(asc(teams.name));
    const members = await membersOf(
      tx,
      rows.map((team) => team.id),
    );
    return rows.map((team) => presentTeam(team, members.get(team.id) ?? []));
  });
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(sql`lower(${teams.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) {
    throw new AppError('conflict', { status: 409, message: `A team named "${name}" already exists` });
  }
}

export async function createTeam(
  deps: AuthDeps,
  auth: AuthContext,
  input: { name: string; description: string },
) {
  return deps.db.transaction(scope(auth), async (tx) => {
    await assertNameFree(tx, input.name);
    const [team] = await tx
      .insert(teams)
      .values({ tenantId: tenantOf(auth), ...input })
      .returning();
    await recordAudit(tx, tenantOf(auth), {
      action: 'team.created',
      entityType: 'team',
      entityId: team!.id,
      after: team!,
    });
    return presentTeam(team!, []);
  });
}

export async function updateTeam(
  deps: AuthDeps,
  auth: AuthContext,
  id: string,
  input: { version: number; name?: string | undefined; description?: string | undefined },
) {
  return deps.db.transaction(scope(auth), async (tx) => {
    const team = await findVisibleTeam(tx, auth, id);
    if (input.name) await assertNameFree(tx, input.name, id);
    const [updated] = await tx
      .update(teams)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        version: team.version + 1,
      })
      .where(and(eq(teams.id, id), eq(teams.version, input.version)))
      .returning();
    const members = await membersOf(tx, [id]);
    if (!updated) throw AppError.staleVersion(presentTeam(team, members.get(id) ?? []));
    await recordAudit(tx, tenantOf(auth), {
      action: 'team.updated',
      entityType: 'team',
      entityId: id,
      before: team,
      after: updated,
    });
    return presentTeam(updated, members.get(id) ?? []);
  });
}

export async function deleteTeam(deps: AuthDeps, auth: AuthContext, id: string) {
  await deps.db.transaction(scope(auth), async (tx) => {
    const team = await findVisibleTeam(tx, auth, id);
    await tx.delete(teams).where(eq(teams.id, id));
    await recordAudit(tx, tenantOf(auth), {
      action: 'team.deleted',
      entityType: 'team',
      entityId: id,
      before: team,
    });
  });
}

/** User admins add anyone as member or manager; a team's managers add members to it. */
async function assertMayManageMembers(tx: Tx, auth: AuthContext, teamId: string, role: 'member' | 'manager') {
  if (auth.permissions.has('org.manage_users')) return;
  const [own] = await tx
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, auth.userId)));
  if (auth.permissions.has('team.manage_members') && own?.role === 'manager' && role === 'member') return;
  throw new AppError('forbidden', {
    status: 403,
    message:
      role === 'manager' ? 'Only user admins can make someone a team manager' : 'You do not manage this team',
  });
}

export async function addTeamMember(
  deps: AuthDeps,
  auth: AuthContext,
  teamId: string,
  input: { userId: string; role: 'member' | 'manager' },
) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction(scope(auth), async (tx) => {
    const team = await findVisibleTeam(tx, auth, teamId);
    await assertMayManageMembers(tx, auth, teamId, input.role);
    const [member] = await tx
      .select({ user: users, status: memberships.status })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.userId, input.userId));
    if (!member)
      throw AppError.validation([{ path: 'body.userId', message: 'no such user in this organization' }]);
    const [existing] = await tx
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, input.userId)));
    if (existing) {
      await tx
        .update(teamMembers)
        .set({ role: input.role })
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, input.userId)));
    } else {
      await tx.insert(teamMembers).values({ tenantId, teamId, userId: input.userId, role: input.role });
      await notifyAddedToTeam(deps, tx, { auth, team, user: member.user });
    }
    await recordAudit(tx, tenantId, {
      action: existing ? 'team.member_role_changed' : 'team.member_added',
      entityType: 'team',
      entityId: teamId,
      before: existing ?? null,
      after: { userId: input.userId, role: input.role },
    });
    return presentTeam(team, (await membersOf(tx, [teamId])).get(teamId) ?? []);
  });
}

async function notifyAddedToTeam(
  deps: AuthDeps,
  tx: Tx,
  input: { auth: AuthContext; team: Team; user: typeof users.$inferSelect },
) {
  const [tenant] = await tx
    .select({ name: tenants.name })
    .from(tenants)
    .where(eq(tenants.id, input.team.tenantId));
  await deps.queue.sendInTransaction(tx, QUEUES.email, {
    to: input.user.email,
    template: 'team_added',
    data: {
      name: input.user.name,
      teamName: input.team.name,
      organizationName: tenant?.name ?? 'your organization',
      addedByName: input.auth.name,
      dashboardUrl: deps.config.publicUrl,
    },
  });
}

export async function removeTeamMember(deps: AuthDeps, auth: AuthContext, teamId: string, userId: string) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction(scope(auth), async (tx) => {
    const team = await findVisibleTeam(tx, auth, teamId);
    const [existing] = await tx
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    if (!existing) throw AppError.notFound('Team member');
    await assertMayManageMembers(tx, auth, teamId, existing.role);
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    await recordAudit(tx, tenantId, {
      action: 'team.member_removed',
      entityType: 'team',
      entityId: teamId,
      before: existing,
    });
    return presentTeam(team, (await membersOf(tx, [teamId])).get(teamId) ?? []);
  });
}
