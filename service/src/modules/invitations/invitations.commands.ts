import { recordAudit, recordAuditMany } from '../../core/audit/audit.js';
import type { Config } from '../../core/config/config.js';
import { newId } from '../../core/db/columns.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { hashToken, randomToken } from '../../core/identity/secrets.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import {
  assertInvitable,
  assertMayInviteAs,
  assertPending,
  invalidInvitation,
} from './invitations.policy.js';
import { presentInvitation } from './invitations.presenter.js';
import * as repo from './invitations.repo.js';
import type { Invitation } from './invitations.tables.js';

type Command = CommandInput;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<invitation id>.<secret>`: the id finds the row, the secret proves the link; only its hash is kept. */
export function issueToken(invitationId: string): { token: string; tokenHash: string } {
  const token = `${invitationId}.${randomToken(32)}`;
  return { token, tokenHash: hashToken(token) };
}

/** The invitation id a link names, when it has the shape of one. */
export function invitationIdOf(token: string): string | undefined {
  const id = token.split('.')[0] ?? '';
  return UUID.test(id) ? id : undefined;
}

const expiryFrom = (config: Config) => new Date(Date.now() + config.invitationTtlHours * 3_600_000);

interface EmailContext {
  config: Config;
  organizationName: string;
  inviterName: string;
  roleNames: Map<string, string>;
}

async function emailContext(input: {
  tx: Tx;
  services: Services;
  tenantId: string;
  inviter: Pick<Actor, 'name'>;
  roleIds: string[];
}): Promise<EmailContext> {
  return {
    config: input.services.config,
    organizationName: (await repo.organizationName(input.tx, input.tenantId)) ?? 'your organization',
    inviterName: input.inviter.name,
    roleNames: await repo.roleNames(input.tx, [...new Set(input.roleIds)]),
  };
}

function invitationEmail(context: EmailContext, invitation: Invitation, token: string) {
  return {
    to: invitation.email,
    template: 'invitation',
    data: {
      organizationName: context.organizationName,
      inviterName: context.inviterName,
      roleName: context.roleNames.get(invitation.roleId) ?? 'Member',
      acceptUrl: `${context.config.publicUrl}/invite?token=${encodeURIComponent(token)}`,
      expiresAt: invitation.expiresAt.toISOString(),
    },
  };
}

function pendingInvitation(input: {
  tenantId: string;
  invitedBy: string;
  expiresAt: Date;
  item: { id: string; email: string; roleId: string; teamId: string | null; tokenHash: string };
}): Invitation {
  const now = new Date();
  const { id, email, roleId, teamId, tokenHash } = input.item;
  return {
    tenantId: input.tenantId,
    id,
    email,
    roleId,
    teamId,
    tokenHash,
    status: 'pending',
    invitedBy: input.invitedBy,
    expiresAt: input.expiresAt,
    acceptedAt: null,
    acceptedUserId: null,
    revokedAt: null,
    sendCount: 1,
    lastSentAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

const BATCH = 1_000;

/** An invitation to create: the email must be new to the organization (see `repo.takenEmails`). */
export interface InvitationItem {
  email: string;
  roleId: string;
  teamId: string | null;
}

/**
 * Creates pending invitations with their emails and audit entries, in the caller's transaction and in
 * batches (a 50,000-row import is a few hundred statements, not 150,000). The shared step of inviting
 * one person, the user import and a new organization's first admin: those callers check who may grant
 * the roles (platform staff invite into an organization they are not in, so `actor` is any actor and
 * `tenantId` names the organization).
 */
export async function createInvitations(input: {
  actor: Pick<Actor, 'userId' | 'name'>;
  tx: Tx;
  services: Services;
  tenantId: string;
  items: InvitationItem[];
}): Promise<Invitation[]> {
  const { actor, tx, services, tenantId, items } = input;
  const expiresAt = expiryFrom(services.config);
  const roleIds = items.map((item) => item.roleId);
  const context = await emailContext({ tx, services, tenantId, inviter: actor, roleIds });
  const created: Invitation[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH).map((item) => {
      const id = newId();
      return { ...item, id, ...issueToken(id) };
    });
    const rows = batch.map((item) =>
      pendingInvitation({ tenantId, invitedBy: actor.userId, expiresAt, item }),
    );
    await repo.insertInvitations(tx, rows);
    const emails = rows.map((invitation, index) => invitationEmail(context, invitation, batch[index]!.token));
    await services.queue.insertInTransaction(tx, QUEUES.email, emails);
    await recordAuditMany(
      tx,
      tenantId,
      rows.map((invitation) => ({
        actorId: actor.userId,
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

/** Invites one person by email into a role (and optionally a team) the actor may hand out. */
export async function inviteUser({
  actor,
  tx,
  services,
  email,
  roleId,
  teamId,
}: Command & {
  services: Services;
  email: string;
  roleId: string;
  teamId?: string | null | undefined;
}): Promise<repo.InvitationWithRole> {
  const role = await repo.findRole(tx, roleId);
  if (!role)
    throw AppError.validation([{ path: 'body.roleId', message: 'no such role in this organization' }]);
  assertMayInviteAs(actor, role);
  if (teamId && !(await repo.teamExists(tx, teamId))) {
    throw AppError.validation([{ path: 'body.teamId', message: 'no such team in this organization' }]);
  }
  assertInvitable(email, (await repo.takenEmails(tx, [email])).get(email));
  const items = [{ email, roleId, teamId: teamId ?? null }];
  const [invitation] = await createInvitations({ actor, tx, services, tenantId: actor.tenantId, items });
  return { invitation: invitation!, role };
}

export function listInvitations({
  actor,
  tx,
  status,
}: Command & { status?: 'pending' | 'accepted' | 'revoked' | undefined }): Promise<
  repo.InvitationWithRole[]
> {
  return repo.listVisibleInvitations(tx, actor, status);
}

/** The invitation to resend or revoke: 404 when the actor cannot see it, 409 unless pending. */
async function pendingVisibleInvitation(
  input: Command & { invitationId: string; doing: 'resent' | 'revoked' },
): Promise<repo.InvitationWithRole> {
  const found = await repo.findVisibleInvitation(input.tx, input.actor, input.invitationId);
  if (!found) throw AppError.notFound('Invitation');
  assertPending(found.invitation, input.doing);
  return found;
}

/** The changed invitation, or the refusal when a concurrent change closed it first. */
function stillPending(updated: Invitation | undefined, doing: 'resent' | 'revoked'): Invitation {
  if (!updated) {
    throw new AppError('invitation_not_pending', {
      message: `The invitation was closed meanwhile; it cannot be ${doing}`,
    });
  }
  return updated;
}

/** A new link (the old one stops working), a fresh expiry, and the email again. */
export async function resendInvitation({
  actor,
  tx,
  services,
  invitationId,
}: Command & { services: Services; invitationId: string }): Promise<repo.InvitationWithRole> {
  const { invitation, role } = await pendingVisibleInvitation({ actor, tx, invitationId, doing: 'resent' });
  const { token, tokenHash } = issueToken(invitationId);
  const change = {
    tokenHash,
    expiresAt: expiryFrom(services.config),
    sendCount: invitation.sendCount + 1,
    lastSentAt: new Date(),
  };
  const updated = stillPending(await repo.updatePendingInvitation(tx, invitationId, change), 'resent');
  const context = await emailContext({
    tx,
    services,
    tenantId: actor.tenantId,
    inviter: actor,
    roleIds: [updated.roleId],
  });
  await services.queue.sendInTransaction(tx, QUEUES.email, invitationEmail(context, updated, token));
  await recordAudit(tx, actor.tenantId, {
    action: 'invitation.resent',
    entityType: 'invitation',
    entityId: invitationId,
    before: presentInvitation(invitation),
    after: presentInvitation(updated),
  });
  return { invitation: updated, role };
}

export async function revokeInvitation({
  actor,
  tx,
  invitationId,
}: Command & { invitationId: string }): Promise<repo.InvitationWithRole> {
  const { invitation, role } = await pendingVisibleInvitation({ actor, tx, invitationId, doing: 'revoked' });
  const change = { status: 'revoked' as const, revokedAt: new Date() };
  const updated = stillPending(await repo.updatePendingInvitation(tx, invitationId, change), 'revoked');
  await recordAudit(tx, actor.tenantId, {
    action: 'invitation.revoked',
    entityType: 'invitation',
    entityId: invitationId,
    before: presentInvitation(invitation),
    after: presentInvitation(updated),
  });
  return { invitation: updated, role };
}

/** Closes an invitation its invitee has used (the accept-invitation use case checked the link). */
export async function markAccepted(input: {
  tx: Tx;
  invitation: Invitation;
  userId: string;
}): Promise<Invitation> {
  const { tx, invitation, userId } = input;
  const updated = await repo.updatePendingInvitation(tx, invitation.id, {
    status: 'accepted',
    acceptedAt: new Date(),
    acceptedUserId: userId,
  });
  if (!updated) throw invalidInvitation('This invitation is already used');
  await recordAudit(tx, invitation.tenantId, {
    actorId: userId,
    action: 'invitation.accepted',
    entityType: 'invitation',
    entityId: invitation.id,
    before: presentInvitation(invitation),
    after: presentInvitation(updated),
  });
  return updated;
}
