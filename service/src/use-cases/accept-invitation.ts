import type { Database, Tx } from '../core/db/database.js';
import { hashPassword, verifyPassword } from '../core/identity/passwords.js';
import { hashToken } from '../core/identity/secrets.js';
import type { Services } from '../core/module/module.js';
import { openSession, signedInBody } from '../modules/auth/auth.commands.js';
import * as authRepo from '../modules/auth/auth.repo.js';
import { invitationIdOf, markAccepted } from '../modules/invitations/invitations.commands.js';
import {
  assertAcceptable,
  assertNotMemberYet,
  assertOwnsAccount,
  invalidInvitation,
} from '../modules/invitations/invitations.policy.js';
import * as invitationRepo from '../modules/invitations/invitations.repo.js';
import type { Invitation } from '../modules/invitations/invitations.tables.js';
import { putMember } from '../modules/teams/teams.repo.js';
import type { User } from '../modules/users/users.tables.js';

/** Before anyone is signed in: the invitation and the account behind its email are read in this scope. */
const SIGN_IN_SCOPE = { tenantId: null, system: 'auth' } as const;

/** Who is joining: an account that proved its password, or a new one with this password hash. */
type Joiner = { existing: User } | { passwordHash: string };

/** The invitee's own answer, and where it came from (kept on the session). */
export interface Acceptance {
  token: string;
  name: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Accepts an invitation: creates the account (or links an existing one, whose password must be given),
 * makes it a member with the invitation's role and team, closes the invitation and signs in. A refused
 * link writes nothing. Returns the session token (for the cookie) and the signed-in answer.
 */
export async function acceptInvitation({
  db,
  services,
  ...acceptance
}: Acceptance & { db: Database; services: Services }) {
  const invitationId = invitationIdOf(acceptance.token);
  if (!invitationId) throw invalidInvitation('This invitation link is not valid');
  const { found, account } = await db.transaction(SIGN_IN_SCOPE, async (tx) => {
    const found = await invitationRepo.findInvitationToAccept(tx, invitationId);
    assertAcceptable(found, hashToken(acceptance.token));
    return { found, account: await invitationRepo.findAccount(tx, found.invitation.email) };
  });
  // Password hashing is slow (argon2): it happens before the transaction that writes, not inside it.
  const joiner = await proveJoiner(account, acceptance.password);
  const tenantId = found.tenant.id;
  return db.transaction({ tenantId, system: 'auth' }, async (tx) => {
    const user = await join({ tx, invitation: found.invitation, joiner, name: acceptance.name });
    await markAccepted({ tx, invitation: found.invitation, userId: user.id });
    const token = await openSession({ ...services, db }, tx, {
      userId: user.id,
      tenantId,
      ip: acceptance.ip,
      userAgent: acceptance.userAgent,
    });
    const memberships = await authRepo.listMemberships(tx, user.id);
    const active = memberships.find((row) => row.tenant.id === tenantId);
    return { token, body: signedInBody(user, memberships, active, token) };
  });
}

async function proveJoiner(account: User | undefined, password: string): Promise<Joiner> {
  if (!account) return { passwordHash: await hashPassword(password) };
  assertOwnsAccount(await verifyPassword(account.passwordHash, password));
  return { existing: account };
}

/** The account joins the organization with the invitation's role, and its team when it names one. */
async function join(input: { tx: Tx; invitation: Invitation; joiner: Joiner; name: string }): Promise<User> {
  const { tx, invitation, joiner } = input;
  const { tenantId, email } = invitation;
  let user: User;
  if ('existing' in joiner) {
    user = joiner.existing;
    assertNotMemberYet(await invitationRepo.isMember(tx, user.id, tenantId));
  } else {
    user = await invitationRepo.insertAccount(tx, {
      email,
      name: input.name,
      passwordHash: joiner.passwordHash,
    });
  }
  await invitationRepo.insertMembership(tx, { tenantId, userId: user.id, roleId: invitation.roleId });
  if (invitation.teamId) {
    await putMember(tx, { tenantId, teamId: invitation.teamId, userId: user.id, role: 'member' });
  }
  return user;
}
