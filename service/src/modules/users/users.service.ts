import { and, count, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { memberships, roles, sessions, teamMembers, teams } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AuthDeps } from '../auth/auth.service.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { assertCanGrant, tenantOf } from '../../core/identity/grants.js';
import { recordScopeOf, scopeIncludesUser } from '../../core/identity/record-scope.js';
import * as repo from './users.repo.js';
import { presentMember } from './users.presenter.js';

const scope = (auth: AuthContext) => ({ tenantId: tenantOf(auth), userId: auth.userId });

/** Members the caller may see: everyone (user admins), their teams (managers), themselves (others). */
async function visibleUserIds(tx: Tx, auth: AuthContext): Promise<string[] | undefined> {
  const recordScope = await recordScopeOf(tx, auth);
  if (recordScope.kind === 'tenant') return undefined;
  return recordScope.kind === 'team' ? recordScope.userIds : [recordScope.selfId];
}

export async function listUsers(
  deps: AuthDeps,
  auth: AuthContext,
  query: {
    q?: string | undefined;
    status?: 'active' | 'deactivated' | undefined;
    roleId?: string | undefined;
    teamId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  return deps.db.transaction(scope(auth), async (tx) => {
    let userIds = await visibleUserIds(tx, auth);
    if (query.teamId) {
      const inTeam = await repo.userIdsInTeam(tx, query.teamId);
      userIds = userIds ? userIds.filter((id) => inTeam.includes(id)) : inTeam;
    }
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await repo.listMembers(tx, { ...query, userIds, after });
    const page = rows.slice(0, query.limit);
    const teamsByUser = await repo.teamsOf(
      tx,
      page.map((row) => row.user.id),
    );
    return {
      items: page.map((row) => presentMember(row, teamsByUser.get(row.user.id) ?? [])),
      nextCursor:
        rows.length > query.limit ? Buffer.from(page.at(-1)!.membership.id).toString('base64url') : null,
    };
  });
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  return id;
}

async function findVisibleMember(tx: Tx, auth: AuthContext, userId: string) {
  const row = await repo.findMember(tx, userId);
  if (!row) throw AppError.notFound('User');
  if (userId !== auth.userId && !scopeIncludesUser(await recordScopeOf(tx, auth), userId))
    throw AppError.notFound('User');
  return row;
}

export async function getUser(deps: AuthDeps, auth: AuthContext, userId: string) {
  return deps.db.transaction(scope(auth), async (tx) => {
    const row = await findVisibleMember(tx, auth, userId);
    return presentMember(row, (await repo.teamsOf(tx, [userId])).get(userId) ?? []);
  });
}

/** Keeps at least one active Org Admin: an organization must never lock itself out. */
async function assertNotLastAdmin(tx: Tx, row: repo.MemberRow) {
  if (row.role.builtInKey !== 'org_admin' || row.membership.status !== 'active') return;
  const [others] = await tx
    .select({ n: count() })
    .from(memberships)
    .innerJoin(roles, and(eq(roles.tenantId, memberships.tenantId), eq(roles.id, memberships.roleId)))
    .where(
      and(
        eq(roles.builtInKey, 'org_admin'),
        eq(memberships.status, 'active'),
        ne(memberships.userId, row.user.id),
      ),
    );
  if ((others?.n ?? 0) === 0) {
    throw new AppError('last_admin', {
      message: 'This is the last active Org Admin; make someone else admin first',
    });
  }
}

function requirePermission(
  auth: AuthContext,
  permission: 'org.manage_users' | 'org.assign_roles',
  field: string,
) {
  if (!auth.permissions.has(permission)) {
    throw new AppError('forbidden', {
      message: `Changing ${field} needs the permission ${permission}`,
    });
  }
}

export async function updateUser(
  deps: AuthDeps,
  auth: AuthContext,
  userId: string,
  input: {
    version: number;
    roleId?: string | undefined;
    teamIds?: string[] | undefined;
    status?: 'active' | 'deactivated' | undefined;
  },
) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction(scope(auth), async (tx) => {
    const row = await findVisibleMember(tx, auth, userId);
    const teamsBefore = (await repo.teamsOf(tx, [userId])).get(userId) ?? [];
    const before = presentMember(row, teamsBefore);
    if (row.membership.version !== input.version) throw AppError.staleVersion(before);
    if (userId === auth.userId && (input.roleId || input.status)) {
      throw new AppError('forbidden', { message: 'You cannot change your own role or status' });
    }
    const changes: Partial<typeof memberships.$inferInsert> = {};
    if (input.roleId && input.roleId !== row.role.id) {
      requirePermission(auth, 'org.assign_roles', 'a role');
      const [role] = await tx.select().from(roles).where(eq(roles.id, input.roleId));
      if (!role)
        throw AppError.validation([{ path: 'body.roleId', message: 'no such role in this organization' }]);
      assertCanGrant(auth, role.permissions);
      await assertNotLastAdmin(tx, row);
      changes.roleId = role.id;
    }
    if (input.status && input.status !== row.membership.status) {
      requirePermission(auth, 'org.manage_users', 'the status');
      if (input.status === 'deactivated') await assertNotLastAdmin(tx, row);
      changes.status = input.status;
    }
    if (input.teamIds) {
      requirePermission(auth, 'org.manage_users', 'teams');
      await replaceTeams(tx, { tenantId, userId, teamIds: input.teamIds });
    }
    await tx
      .update(memberships)
      .set({ ...changes, version: row.membership.version + 1 })
      .where(eq(memberships.id, row.membership.id));
    // Deactivation ends the user's sessions in this organization at once.
    if (changes.status === 'deactivated') {
      await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.activeTenantId, tenantId)));
    }
    const after = presentMember(
      (await repo.findMember(tx, userId))!,
      (await repo.teamsOf(tx, [userId])).get(userId) ?? [],
    );
    await recordAudit(tx, tenantId, {
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      before,
      after,
    });
    return after;
  });
}

async function replaceTeams(tx: Tx, input: { tenantId: string; userId: string; teamIds: string[] }) {
  const wanted = [...new Set(input.teamIds)];
  const found = wanted.length
    ? await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, wanted))
    : [];
  const missing = wanted.filter((id) => !found.some((team) => team.id === id));
  if (missing.length) {
    throw AppError.validation(
      missing.map((id) => ({ path: 'body.teamIds', message: `no such team in this organization: ${id}` })),
    );
  }
  const current = await tx.select().from(teamMembers).where(eq(teamMembers.userId, input.userId));
  const removed = current.filter((member) => !wanted.includes(member.teamId)).map((member) => member.teamId);
  if (removed.length) {
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, input.userId), inArray(teamMembers.teamId, removed)));
  }
  const added = wanted.filter((id) => !current.some((member) => member.teamId === id));
  if (added.length) {
    await tx
      .insert(teamMembers)
      .values(added.map((teamId) => ({ tenantId: input.tenantId, teamId, userId: input.userId })));
  }
}
