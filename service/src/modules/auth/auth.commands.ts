import type { Database, Tx } from '../../core/db/database.js';
import type { User } from '../../core/db/schema.js';
import { AppError } from '../../core/errors/app-error.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { recordAuditInTenants } from '../../core/audit/audit.js';
import type { Actor } from '../../core/identity/actor.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../core/identity/passwords.js';
import { permissionsOf } from '../../core/auth/callers.js';
import { csrfTokenFor } from '../../core/auth/session-token.js';
import type { Services } from '../../core/module/module.js';
import { hashToken, randomToken } from '../../core/identity/secrets.js';
import { assertMaySwitch } from './auth.policy.js';
import * as repo from './auth.repo.js';
import { presentMembership, presentSelf, presentTenant, presentUser } from './auth.presenter.js';

/**
 * Sign-in, sessions and passwords happen before (or across) organizations, in the `system: 'auth'`
 * scope. These are the commands that open their own units of work: a password check (argon2, slow) must
 * not hold a transaction open, and an account event is audited in every organization it concerns.
 */
export interface AuthDeps extends Services {
  db: Database;
}

const AUTH = { tenantId: null, system: 'auth' } as const;

export const invalidCredentials = () =>
  new AppError('invalid_credentials', { message: 'Email or password is incorrect' });

/** Records something that happened to a user's account in the organizations it concerns. */
function auditAccountEvent(
  deps: AuthDeps,
  userId: string,
  tenantIds: (string | null | undefined)[],
  action: string,
) {
  const entry = { actorId: userId, action, entityType: 'user', entityId: userId };
  return recordAuditInTenants(
    deps.db,
    tenantIds.filter((id): id is string => Boolean(id)),
    entry,
  );
}

/** Opens a session (token in the cookie, its hash in the database); sign-in and invitation acceptance share it. */
export async function openSession(
  deps: AuthDeps,
  tx: Tx,
  input: { userId: string; tenantId: string | null; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomToken();
  await repo.insertSession(tx, {
    tokenHash: hashToken(token),
    userId: input.userId,
    activeTenantId: input.tenantId,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    expiresAt: new Date(Date.now() + deps.config.sessionAbsoluteHours * 3_600_000),
  });
  return token;
}

/** Permissions of a user in one organization (their role there, if usable) plus their platform role. */
function permissionsIn(user: User, membership: repo.MembershipRow | undefined) {
  const usable = membership?.membership.status === 'active' && membership.tenant.status === 'active';
  return permissionsOf(user.platformRole ?? null, usable ? membership.role.permissions : []);
}

/** The membership a session should act in: the requested one, else the first usable one. */
function chooseMembership(rows: repo.MembershipRow[], tenantId: string | undefined) {
  const usable = rows.filter((row) => row.membership.status === 'active' && row.tenant.status === 'active');
  if (tenantId) return usable.find((row) => row.tenant.id === tenantId);
  return usable[0];
}

export function signedInBody(
  user: User,
  rows: repo.MembershipRow[],
  active: repo.MembershipRow | undefined,
  token: string | null,
) {
  return {
    user: presentUser(user),
    tenant: active ? presentTenant(active.tenant) : null,
    memberships: rows.map(presentMembership),
    permissions: [...permissionsIn(user, active)].sort(),
    csrfToken: token ? csrfTokenFor(token) : null,
  };
}

/** Checks the password and opens a session; the caller sets the cookie. */
export async function login(
  deps: AuthDeps,
  input: {
    email: string;
    password: string;
    tenantId?: string | undefined;
    ip: string | null;
    userAgent: string | null;
    previousToken?: string | undefined;
  },
) {
  const user = await deps.db.transaction(AUTH, (tx) => repo.findUserByEmail(tx, input.email));
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !user.passwordHash || !valid) throw invalidCredentials();
  if (user.status !== 'active') {
    throw new AppError('account_disabled', { message: 'This account is disabled' });
  }
  const result = await deps.db.transaction({ ...AUTH, userId: user.id }, async (tx) => {
    const rows = await repo.listMemberships(tx, user.id);
    const active = chooseMembership(rows, input.tenantId);
    assertCanSignIn(user, rows, active, input.tenantId);
    if (input.previousToken) await repo.deleteSessionByHash(tx, hashToken(input.previousToken));
    const token = await openSession(deps, tx, {
      userId: user.id,
      tenantId: active?.tenant.id ?? null,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await repo.markLogin(tx, user.id);
    return { token, tenantId: active?.tenant.id, body: signedInBody(user, rows, active, token) };
  });
  await auditAccountEvent(deps, user.id, [result.tenantId], 'auth.signed_in');
  return result;
}

function assertCanSignIn(
  user: User,
  rows: repo.MembershipRow[],
  active: repo.MembershipRow | undefined,
  tenantId?: string,
) {
  if (active || user.platformRole) return;
  if (tenantId) {
    throw new AppError('tenant_unavailable', {
      message: 'You are not an active member of that organization, or it is suspended',
    });
  }
  const suspended = rows.some((row) => row.tenant.status === 'suspended');
  throw new AppError(suspended ? 'tenant_suspended' : 'no_membership', {
    message: suspended
      ? 'Your organization is suspended'
      : 'Your account is not an active member of any organization',
  });
}

export async function logout(deps: AuthDeps, auth: Actor, token: string): Promise<void> {
  await deps.db.transaction(AUTH, (tx) => repo.deleteSessionByHash(tx, hashToken(token)));
  if (auth.sessionId) deps.callers.forget(`session:${auth.sessionId}`);
  await auditAccountEvent(deps, auth.userId, [auth.tenantId], 'auth.signed_out');
}

/** The signed-in answer for `GET /me`: one statement, so a cached caller costs one round trip in all. */
export async function describeSession(deps: AuthDeps, auth: Actor, token: string | null) {
  const rows = await deps.db.read<repo.SelfRow>(
    { ...AUTH, userId: auth.userId },
    repo.SELF_WITH_MEMBERSHIPS,
    [auth.userId],
  );
  return presentSelf({ rows, activeTenantId: auth.tenantId, csrfToken: token ? csrfTokenFor(token) : null });
}

export async function switchTenant(deps: AuthDeps, auth: Actor, tenantId: string, token: string) {
  assertMaySwitch(auth);
  return deps.db.transaction({ ...AUTH, userId: auth.userId }, async (tx) => {
    const user = (await repo.findUserById(tx, auth.userId))!;
    const rows = await repo.listMemberships(tx, auth.userId);
    const target = chooseMembership(rows, tenantId);
    if (!target) throw AppError.notFound('Organization');
    await repo.setSessionTenant(tx, auth.sessionId, tenantId);
    deps.callers.forget(`session:${auth.sessionId}`);
    return signedInBody(user, rows, target, token);
  });
}

/** Asks for a reset link; says nothing about whether the account exists (no account enumeration). */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  // Known email or not, the request costs the same: one job. Looking the account up here made the
  // answer slower for accounts that exist, which told anyone timing it who has one.
  const job: PasswordResetJob = { email };
  await deps.db.transaction(AUTH, (tx) => deps.queue.sendInTransaction(tx, QUEUES.passwordReset, job));
}

export interface PasswordResetJob {
  email: string;
}

/** The job behind a reset request: a single-use token and its email, when the account exists and is active. */
export async function sendPasswordReset(
  deps: Omit<AuthDeps, 'callers'>,
  job: PasswordResetJob,
): Promise<void> {
  await deps.db.transaction(AUTH, async (tx) => {
    const user = await repo.findUserByEmail(tx, job.email);
    if (!user || user.status !== 'active') return;
    await issueResetToken(deps, tx, user, 'password_reset');
  });
}

/** Creates a single-use token and enqueues its email in the same transaction. */
export async function issueResetToken(
  deps: Omit<AuthDeps, 'callers'>,
  tx: Tx,
  user: User,
  template: 'password_reset',
) {
  const token = randomToken();
  const ttlMinutes = deps.config.passwordResetTtlMinutes;
  await repo.insertResetToken(tx, {
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + ttlMinutes * 60_000),
  });
  await deps.queue.sendInTransaction(tx, QUEUES.email, {
    to: user.email,
    template,
    data: {
      name: user.name,
      resetUrl: `${deps.config.publicUrl}/reset-password?token=${token}`,
      expiresInMinutes: ttlMinutes,
    },
  });
}

export async function confirmPasswordReset(deps: AuthDeps, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const { userId, tenantIds } = await deps.db.transaction(AUTH, async (tx) => {
    const stored = await repo.findResetToken(tx, hashToken(token));
    if (!stored) throw invalidToken('This reset link is not valid');
    if (stored.usedAt) throw invalidToken('This reset link was already used; ask for a new one');
    if (stored.expiresAt.getTime() < Date.now())
      throw invalidToken('This reset link has expired; ask for a new one');
    await repo.setPassword(tx, stored.userId, passwordHash);
    await repo.consumeResetTokens(tx, stored.userId);
    await repo.deleteUserSessions(tx, stored.userId);
    deps.callers.forget(`user:${stored.userId}`);
    const rows = await repo.listMemberships(tx, stored.userId);
    return { userId: stored.userId, tenantIds: rows.map((row) => row.tenant.id) };
  });
  await auditAccountEvent(deps, userId, tenantIds, 'user.password_reset');
}

const invalidToken = (message: string) => new AppError('invalid_token', { message });

/** Changes the caller's password, revoking every other session at once. */
export async function changePassword(
  deps: AuthDeps,
  auth: Actor,
  current: string,
  next: string,
): Promise<void> {
  const user = await deps.db.transaction({ ...AUTH, userId: auth.userId }, (tx) =>
    repo.findUserById(tx, auth.userId),
  );
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw AppError.validation([{ path: 'body.currentPassword', message: 'is not your current password' }]);
  }
  const passwordHash = await hashPassword(next);
  await deps.db.transaction({ ...AUTH, userId: auth.userId }, async (tx) => {
    await repo.setPassword(tx, auth.userId, passwordHash);
    await repo.deleteUserSessions(tx, auth.userId, auth.sessionId ?? undefined);
    deps.callers.forget(`user:${auth.userId}`);
  });
  await auditAccountEvent(deps, auth.userId, [auth.tenantId], 'user.password_changed');
}
