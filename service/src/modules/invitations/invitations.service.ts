import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import {
  memberships,
  roles,
  teamMembers,
  teams,
  tenants,
  users,
  type Invitation,
} from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { recordAudit, recordAuditMany } from '../../core/audit/audit.js';
import type { AuthDeps } from '../auth/auth.service.js';
import * as authRepo from '../auth/auth.repo.js';
import { openSession, signedInBody } from '../auth/auth.service.js';
import type { AuthContext } from '../../core/identity/actor.js';
import { assertCanGrant, tenantOf } from '../../core/identity/grants.js';
import { hashPassword, verifyPassword } from '../../core/identity/passwords.js';
import { hashToken, randomToken, safeEqual } from '../../core/identity/secrets.js';
import { newId } from '../../core/db/columns.js';
import * as repo from './invitations.repo.js';
import { invitationState, presentInvitation } from './invitations.presenter.js';

/** `<invitation id>.<secret>`: the id finds the row, the secret proves the link; only its hash is kept. */
export function issueToken(invitationId: string): { token: string; tokenHash: string } {
  const token = `${invitationId}.${randomToken(32)}`;
  return { token, tokenHash: hashToken(token) };
}

/** Checks a role (and team) id from a request belongs to this organization; RLS hides other tenants'. */
export async function resolveRoleAndTeam(
  tx: Tx,
  auth: AuthContext,
  roleId: string,
  teamId: string | null | undefined,
) {
  const [role] = await tx.select().from(roles).where(eq(roles.id, roleId)).limit(1);
  if (!role)
    throw AppError.validation([{ path: 'body.roleId', message: 'no such role in this organization' }]);
  assertCanGrant(auth, role.permissions);
  if (teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
    if (!team)
      throw AppError.validation([{ path: 'body.teamId', message: 'no such team in this organization' }]);
  }
  return role;
}

interface InvitationEmailContext {
  organizationName: string;
  inviterName: string;
  roleNames: Map<string, string>;
}

function invitationEmail(
  deps: AuthDeps,
  invitation: Invitation,
  token: string,
  context: InvitationEmailContext,
) {
  return {
    to: invitation.email,
    template: 'invitation',
    data: {
      organizationName: context.organizationName,
      inviterName: context.inviterName,
      roleName: context.roleNames.get(invitation.roleId) ?? 'Member',
      acceptUrl: `${deps.config.publicUrl}/invite?token=${encodeURIComponent(token)}`,
      expiresAt: invitation.expiresAt.toISOString(),
    },
  };
}

async function emailContext(
  tx: Tx,
  tenantId: string,
  invitedBy: string | null,
): Promise<InvitationEmailContext> {
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  const [inviter] = invitedBy
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, invitedBy))
    : [];
  const roleRows = await tx.select({ id: roles.id, name: roles.name }).from(roles);
  return {
    organizationName: tenant?.name ?? 'your organization',
    inviterName: inviter?.name ?? 'Closer',
    roleNames: new Map(roleRows.map((role) => [role.id, role.name])),
  };
}

const BATCH = 1_000;

/**
 * Creates pending invitations with their emails and audit entries, in the caller's transaction and in
 * batches (a 50,000-row import is a few hundred statements, not 150,000). Emails must be new.
 */
export async function createInvitations(
  deps: AuthDeps,
  tx: Tx,
  input: {
    tenantId: string;
    invitedBy: string | null;
    items: { email: string; roleId: string; teamId: string | null }[];
  },
): Promise<Invitation[]> {
  const expiresAt = new Date(Date.now() + deps.config.invitationTtlHours * 3_600_000);
  const context = await emailContext(tx, input.tenantId, input.invitedBy);
  const created: Invitation[] = [];
  for (let start = 0; start < input.items.length; start += BATCH) {
    const batch = input.items.slice(start, start + BATCH).map((item) => {
      const id = newId();
      return { item, id, ...issueToken(id) };
    });
    const now = new Date();
    const rows: Invitation[] = batch.map(({ item, id, tokenHash }) => ({
      tenantId: input.tenantId,
      id,
      email: item.email,
      roleId: item.roleId,
      teamId: item.teamId,
      tokenHash,
      status: 'pending',
      invitedBy: input.invitedBy,
      expiresAt,
      acceptedAt: null,
      acceptedUserId: null,
      revokedAt: null,
      sendCount: 1,
      lastSentAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }));
    await repo.insertInvitations(tx, rows);
    const tokens = new Map(batch.map(({ id, token }) => [id, token]));
    await deps.queue.insertInTransaction(
      tx,
      QUEUES.email,
      rows.map((invitation) => invitationEmail(deps, invitation, tokens.get(invitation.id)!, context)),
    );
    await recordAuditMany(
      tx,
      input.tenantId,
      rows.map((invitation) => ({
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        after: presentInvitation(invitation),
      })),
    );
    created.push(...rows);
  }
  return created;
}

export async function inviteUser(
  deps: AuthDeps,
  auth: AuthContext,
  input: { email: string; roleId: string; teamId?: string | null | undefined },
) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const role = await resolveRoleAndTeam(tx, auth, input.roleId, input.teamId);
    const taken = (await repo.takenEmails(tx, [input.email])).get(input.email);
    if (taken) {
      throw new AppError('conflict', {
        message:
          taken === 'member'
            ? `${input.email} is already a member of this organization`
            : `${input.email} already has a pending invitation; resend it instead`,
      });
    }
    const [invitation] = await createInvitations(deps, tx, {
      tenantId,
      invitedBy: auth.userId,
      items: [{ email: input.email, roleId: input.roleId, teamId: input.teamId ?? null }],
    });
    return presentInvitation(invitation!, role);
  });
}

export async function listInvitations(
  deps: AuthDeps,
  auth: AuthContext,
  status?: 'pending' | 'accepted' | 'revoked',
) {
  const tenantId = tenantOf(auth);
  const rows = await deps.db.transaction({ tenantId, userId: auth.userId }, (tx) =>
    repo.listInvitations(tx, status),
  );
  return rows.map((row) => presentInvitation(row.invitation, row.role));
}

/** The invitation to resend or revoke: 404 when it is not this organization's, 409 unless pending. */
async function findPendingInvitation(tx: Tx, id: string, action: 'resent' | 'revoked'): Promise<Invitation> {
  const existing = await repo.findInvitation(tx, id);
  if (!existing) throw AppError.notFound('Invitation');
  if (existing.status !== 'pending') {
    throw new AppError('conflict', {
      message: `The invitation is ${existing.status}; it cannot be ${action}`,
    });
  }
  return existing;
}

/** A new link (the old one stops working), a fresh expiry, and the email again. */
export async function resendInvitation(deps: AuthDeps, auth: AuthContext, id: string) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const existing = await findPendingInvitation(tx, id, 'resent');
    const { token, tokenHash } = issueToken(id);
    const updated = await repo.updateInvitation(tx, id, {
      tokenHash,
      expiresAt: new Date(Date.now() + deps.config.invitationTtlHours * 3_600_000),
      sendCount: existing.sendCount + 1,
      lastSentAt: new Date(),
    });
    const context = await emailContext(tx, tenantId, auth.userId);
    await deps.queue.sendInTransaction(tx, QUEUES.email, invitationEmail(deps, updated, token, context));
    await recordAudit(tx, tenantId, {
      action: 'invitation.resent',
      entityType: 'invitation',
      entityId: id,
      before: presentInvitation(existing),
      after: presentInvitation(updated),
    });
    return presentInvitation(updated);
  });
}

export async function revokeInvitation(deps: AuthDeps, auth: AuthContext, id: string) {
  const tenantId = tenantOf(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const existing = await findPendingInvitation(tx, id, 'revoked');
    const updated = await repo.updateInvitation(tx, id, { status: 'revoked', revokedAt: new Date() });
    await recordAudit(tx, tenantId, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: id,
      before: presentInvitation(existing),
      after: presentInvitation(updated),
    });
    return presentInvitation(updated);
  });
}

const badInvitation = (message: string) => new AppError('invalid_invitation', { message });

/** Accepts an invitation: creates the user (or links an existing one who proves their password) and signs in. */
export async function acceptInvitation(
  deps: AuthDeps,
  input: { token: string; name: string; password: string; ip: string | null; userAgent: string | null },
) {
  const invitationId = input.token.split('.')[0] ?? '';
  if (!/^[0-9a-f-]{36}$/.test(invitationId)) throw badInvitation('This invitation link is not valid');
  const found = await deps.db.transaction({ tenantId: null, system: 'auth' }, (tx) =>
    repo.findInvitationDetails(tx, invitationId),
  );
  if (!found || !safeEqual(found.invitation.tokenHash, hashToken(input.token))) {
    throw badInvitation('This invitation link is not valid');
  }
  const state = invitationState(found.invitation);
  if (state !== 'pending')
    throw badInvitation(`This invitation is ${state === 'accepted' ? 'already used' : state}`);
  if (found.tenant.status !== 'active') throw badInvitation('This organization is suspended');
  const newHash = await hashPassword(input.password);
  const tenantId = found.tenant.id;
  return deps.db.transaction({ tenantId, system: 'auth' }, async (tx) => {
    const { invitation } = found;
    const user = await linkOrCreateUser(tx, { tenantId, email: invitation.email, ...input }, newHash);
    await tx.insert(memberships).values({ tenantId, userId: user.id, roleId: invitation.roleId });
    if (invitation.teamId)
      await tx.insert(teamMembers).values({ tenantId, teamId: invitation.teamId, userId: user.id });
    const updated = await repo.updateInvitation(tx, invitation.id, {
      status: 'accepted',
      acceptedAt: new Date(),
      acceptedUserId: user.id,
    });
    await recordAudit(tx, tenantId, {
      action: 'invitation.accepted',
      entityType: 'invitation',
      entityId: invitation.id,
      before: presentInvitation(invitation),
      after: presentInvitation(updated),
    });
    const token = await openSession(deps, tx, {
      userId: user.id,
      tenantId,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    const rows = await authRepo.listMemberships(tx, user.id);
    return {
      token,
      body: signedInBody(
        user,
        rows,
        rows.find((row) => row.tenant.id === tenantId),
        token,
      ),
    };
  });
}

async function linkOrCreateUser(
  tx: Tx,
  input: { tenantId: string; email: string; name: string; password: string },
  passwordHash: string,
) {
  const existing = await authRepo.findUserByEmail(tx, input.email);
  if (!existing) {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .returning();
    return user!;
  }
  // Joining with an existing account needs that account's password: a leaked link cannot take it over.
  if (!(await verifyPassword(existing.passwordHash, input.password))) {
    throw AppError.validation([
      {
        path: 'body.password',
        message: 'this email already has a Closer account; enter its password to join',
      },
    ]);
  }
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, existing.id), eq(memberships.tenantId, input.tenantId)))
    .limit(1);
  if (member) throw badInvitation('You are already a member of this organization');
  return existing;
}
