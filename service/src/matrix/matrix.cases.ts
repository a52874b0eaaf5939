/**
 * The permission matrix of `permission-matrix.int.test.ts`: one row per documented route, each with a
 * request that a handler would accept (fresh data where it mutates) and the expected status per caller.
 * Expectations come from the permissions each route declares and the record-scope rules of its service.
 */
import { newId } from '../core/db/columns.js';
import { invitations, memberships, passwordResetTokens, users } from '../core/db/schema.js';
import {
  buildOrganization,
  TEST_PASSWORD,
  type TestOrganization,
  type TestPerson,
} from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import type { TestApp } from '../test/test-app.js';
import { issueToken } from '../modules/invitations/invitations.service.js';
import { hashToken, randomToken } from '../core/identity/secrets.js';

export const CALLERS = [
  'anonymous',
  'orgAdmin',
  'teamManager',
  'salesRep',
  'superAdmin',
  'support',
  'suspended',
] as const;
export type Caller = (typeof CALLERS)[number];

export const CALLER_LABELS: Record<Caller, string> = {
  anonymous: 'unauthenticated',
  orgAdmin: 'Org Admin',
  teamManager: 'Team Manager',
  salesRep: 'Sales Rep',
  superAdmin: 'super admin',
  support: 'support staff',
  suspended: 'suspended-org user',
};

export interface MatrixWorld {
  app: TestApp;
  /** The organization of the admin, manager and rep callers. */
  org: TestOrganization;
  /** The caller's long-lived client (no cookie for `anonymous`). */
  client(caller: Caller): TestClient;
  /** A client with a session of its own, for calls that end or rotate it (suspended: a copy of theirs). */
  fresh(caller: Caller): Promise<TestClient>;
  /** A new client carrying the caller's cookie and CSRF token, for calls that set a cookie. */
  copy(caller: Caller): TestClient;
  /** Whose credentials the caller signs in with. */
  person(caller: Caller): TestPerson;
}

type Outcomes = Record<Caller, number>;

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Exactly as documented (`documentedRoutes()`), e.g. `/api/v1/teams/:id`. */
  path: string;
  call(w: MatrixWorld, caller: Caller): Promise<Response>;
  expected: Outcomes;
  /** Problem codes of allowed-but-refused answers that only the handler gives (404, 409...). */
  codes?: Partial<Record<Caller, string>>;
}

/** Everyone refused: 401 without credentials, 403 for a caller without the permission or organization. */
const DENIED: Outcomes = {
  anonymous: 401,
  orgAdmin: 403,
  teamManager: 403,
  salesRep: 403,
  superAdmin: 403,
  support: 403,
  suspended: 403,
};
const allow = (outcomes: Partial<Outcomes>): Outcomes => ({ ...DENIED, ...outcomes });
const signedIn = (status: number, overrides: Partial<Outcomes> = {}): Outcomes =>
  allow({
    orgAdmin: status,
    teamManager: status,
    salesRep: status,
    superAdmin: status,
    support: status,
    ...overrides,
  });
const everyone = (status: number, overrides: Partial<Outcomes> = {}): Outcomes =>
  signedIn(status, { anonymous: status, suspended: status, ...overrides });
/** Platform staff act in no organization: tenant routes without a permission answer 409 `no_tenant`. */
const NO_TENANT = { superAdmin: 'no_tenant', support: 'no_tenant' } as const;

let counter = 0;
export const unique = (prefix: string): string => `${prefix}-${++counter}-${randomToken(4).toLowerCase()}`;
const uniqueEmail = (prefix: string) => `${unique(prefix).replace(/[^a-z0-9-]/g, '')}@matrix.test`;

/** Fails the setup (not the row) when a preparatory call does not do what it must. */
async function expectStatus<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  if (response.status !== status) {
    throw new Error(`setup call got ${response.status}, wanted ${status}: ${await response.text()}`);
  }
  return status === 204 ? (undefined as T) : json<T>(response);
}

const admin = (w: MatrixWorld) => w.client('orgAdmin');

async function newTeam(w: MatrixWorld, people: { managerId?: string; memberId?: string } = {}) {
  const team = await expectStatus<{ id: string; version: number }>(
    await admin(w).post('/api/v1/teams', { name: unique('Team') }),
    201,
  );
  if (people.managerId) {
    const body = { userId: people.managerId, role: 'manager' };
    await expectStatus(await admin(w).post(`/api/v1/teams/${team.id}/members`, body), 200);
  }
  if (people.memberId) {
    const body = { userId: people.memberId, role: 'member' };
    await expectStatus(await admin(w).post(`/api/v1/teams/${team.id}/members`, body), 200);
  }
  return team;
}

async function newRole(w: MatrixWorld) {
  const body = { name: unique('Role'), permissions: ['tasks.view_assigned'] };
  return expectStatus<{ id: string; version: number }>(await admin(w).post('/api/v1/roles', body), 201);
}

async function newInvitation(w: MatrixWorld) {
  const body = { email: uniqueEmail('invitee'), roleId: w.org.roles.sales_rep.id };
  return expectStatus<{ id: string }>(await admin(w).post('/api/v1/invitations', body), 201);
}

async function newApiKey(w: MatrixWorld) {
  const body = { name: unique('Key'), permissions: ['org.manage_users'] };
  const created = await expectStatus<{ apiKey: { id: string } }>(
    await admin(w).post('/api/v1/api-keys', body),
    201,
  );
  return created.apiKey;
}

/** A pending invitation whose token the test knows (the real one only travels by email). */
async function invitationToken(w: MatrixWorld): Promise<string> {
  const id = newId();
  const { token, tokenHash } = issueToken(id);
  await w.app.database.db.transaction({ tenantId: w.org.tenantId, platform: true }, (tx) =>
    tx.insert(invitations).values({
      tenantId: w.org.tenantId,
      id,
      email: uniqueEmail('accept'),
      roleId: w.org.roles.sales_rep.id,
      tokenHash,
      invitedBy: w.org.admin.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    }),
  );
  return token;
}

/** A throwaway account with a live reset token (confirming it signs that account out everywhere). */
async function resetToken(w: MatrixWorld): Promise<string> {
  const userId = newId();
  const token = randomToken();
  const db = w.app.database.db;
  await db.transaction({ tenantId: null, platform: true }, (tx) =>
    tx.insert(users).values({ id: userId, email: uniqueEmail('reset'), name: 'Reset Me' }),
  );
  await db.transaction({ tenantId: null, system: 'auth' }, (tx) =>
    tx.insert(passwordResetTokens).values({
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 3_600_000),
    }),
  );
  return token;
}

/** A fresh Sales Rep of the organization, at membership version 1. */
export async function newMember(w: MatrixWorld): Promise<string> {
  const userId = newId();
  const { tenantId, roles } = w.org;
  await w.app.database.db.transaction({ tenantId, platform: true }, async (tx) => {
    await tx.insert(users).values({ id: userId, email: uniqueEmail('member'), name: 'Nova Member' });
    await tx.insert(memberships).values({ tenantId, userId, roleId: roles.sales_rep.id });
  });
  return userId;
}

type Call = RouteCase['call'];
const row = (
  method: RouteCase['method'],
  path: string,
  expected: Outcomes,
  call: Call,
  codes?: RouteCase['codes'],
): RouteCase => ({ method, path, expected, call, ...(codes && { codes }) });
const get =
  (path: string): Call =>
  (w, c) =>
    w.client(c).get(path);

export const ROUTE_CASES: RouteCase[] = [
  // Auth: public, or any signed-in caller
  row('POST', '/api/v1/auth/login', everyone(200, { suspended: 403 }), async (w, c) =>
    (await w.fresh(c)).post('/api/v1/auth/login', { email: w.person(c).email, password: TEST_PASSWORD }),
  ),
  row('POST', '/api/v1/auth/logout', signedIn(204), async (w, c) =>
    (await w.fresh(c)).post('/api/v1/auth/logout'),
  ),
  row('GET', '/api/v1/me', signedIn(200), get('/api/v1/me')),
  row(
    'POST',
    '/api/v1/auth/switch-tenant',
    signedIn(200, { superAdmin: 404, support: 404 }),
    (w, c) => w.client(c).post('/api/v1/auth/switch-tenant', { tenantId: w.org.tenantId }),
    { superAdmin: 'not_found', support: 'not_found' },
  ),
  row('POST', '/api/v1/me/password', signedIn(204), (w, c) =>
    w.client(c).post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
  ),
  row('POST', '/api/v1/auth/password-reset', everyone(202), (w, c) =>
    w.client(c).post('/api/v1/auth/password-reset', { email: uniqueEmail('nobody') }),
  ),
  row('POST', '/api/v1/auth/password-reset/confirm', everyone(200), async (w, c) =>
    w.client(c).post('/api/v1/auth/password-reset/confirm', {
      token: await resetToken(w),
      password: 'a brand new passphrase',
    }),
  ),
  // API keys: org.manage_integrations
  row('POST', '/api/v1/api-keys', allow({ orgAdmin: 201 }), (w, c) =>
    w.client(c).post('/api/v1/api-keys', { name: unique('Key'), permissions: ['org.manage_users'] }),
  ),
  row('GET', '/api/v1/api-keys', allow({ orgAdmin: 200 }), get('/api/v1/api-keys')),
  row('DELETE', '/api/v1/api-keys/:id', allow({ orgAdmin: 200 }), async (w, c) =>
    w.client(c).delete(`/api/v1/api-keys/${(await newApiKey(w)).id}`),
  ),
  // Platform: manage_subscriptions, view_all_tenants, manage_support_staff; support staff only read
  row('POST', '/api/v1/platform/tenants', allow({ superAdmin: 201 }), (w, c) => {
    const slug = unique('org')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '');
    const body = { name: 'Newco', slug, adminEmail: `admin@${slug}.test` };
    return w.client(c).post('/api/v1/platform/tenants', body);
  }),
  row(
    'GET',
    '/api/v1/platform/tenants',
    allow({ superAdmin: 200, support: 200 }),
    get('/api/v1/platform/tenants'),
  ),
  row('PATCH', '/api/v1/platform/tenants/:id', allow({ superAdmin: 200 }), async (w, c) => {
    const target = await buildOrganization(w.app.database.db, { name: 'Target Inc' });
    return w.client(c).patch(`/api/v1/platform/tenants/${target.tenantId}`, { plan: 'pro' });
  }),
  row('POST', '/api/v1/platform/support-staff', allow({ superAdmin: 201 }), (w, c) =>
    w.client(c).post('/api/v1/platform/support-staff', { email: uniqueEmail('helper') }),
  ),
  row(
    'GET',
    '/api/v1/platform/audit-logs',
    allow({ superAdmin: 200, support: 200 }),
    get('/api/v1/platform/audit-logs'),
  ),
  // Roles: org.assign_roles (listing also org.manage_users)
  row('GET', '/api/v1/permissions', signedIn(200), get('/api/v1/permissions')),
  row('GET', '/api/v1/roles', allow({ orgAdmin: 200 }), get('/api/v1/roles')),
  row('POST', '/api/v1/roles', allow({ orgAdmin: 201 }), (w, c) =>
    w.client(c).post('/api/v1/roles', { name: unique('Role'), permissions: ['tasks.view_assigned'] }),
  ),
  row('PATCH', '/api/v1/roles/:id', allow({ orgAdmin: 200 }), async (w, c) => {
    const role = await newRole(w);
    return w.client(c).patch(`/api/v1/roles/${role.id}`, { version: role.version, name: unique('Renamed') });
  }),
  row('DELETE', '/api/v1/roles/:id', allow({ orgAdmin: 204 }), async (w, c) =>
    w.client(c).delete(`/api/v1/roles/${(await newRole(w)).id}`),
  ),
  // Teams: org.manage_users; members also team.manage_members (teams the manager manages)
  row(
    'GET',
    '/api/v1/teams',
    signedIn(200, { superAdmin: 409, support: 409 }),
    get('/api/v1/teams'),
    NO_TENANT,
  ),
  row('POST', '/api/v1/teams', allow({ orgAdmin: 201 }), (w, c) =>
    w.client(c).post('/api/v1/teams', { name: unique('Team') }),
  ),
  row('PATCH', '/api/v1/teams/:id', allow({ orgAdmin: 200 }), async (w, c) => {
    const team = await newTeam(w, { managerId: w.org.manager.id });
    return w.client(c).patch(`/api/v1/teams/${team.id}`, { version: team.version, description: 'Renamed' });
  }),
  row('DELETE', '/api/v1/teams/:id', allow({ orgAdmin: 204 }), async (w, c) =>
    w.client(c).delete(`/api/v1/teams/${(await newTeam(w, { managerId: w.org.manager.id })).id}`),
  ),
  row('POST', '/api/v1/teams/:id/members', allow({ orgAdmin: 200, teamManager: 200 }), async (w, c) => {
    const team = await newTeam(w, { managerId: w.org.manager.id });
    return w.client(c).post(`/api/v1/teams/${team.id}/members`, { userId: await newMember(w) });
  }),
  row(
    'DELETE',
    '/api/v1/teams/:id/members/:userId',
    allow({ orgAdmin: 200, teamManager: 200 }),
    async (w, c) => {
      const memberId = await newMember(w);
      const team = await newTeam(w, { managerId: w.org.manager.id, memberId });
      return w.client(c).delete(`/api/v1/teams/${team.id}/members/${memberId}`);
    },
  ),
  // Users: org.manage_users (listing also team.manage_members, changes also org.assign_roles)
  row('GET', '/api/v1/users', allow({ orgAdmin: 200, teamManager: 200 }), get('/api/v1/users')),
  // The rep of team "West": in the admin's tenant, in the manager's team, and the rep's own record.
  row(
    'GET',
    '/api/v1/users/:id',
    signedIn(200, { superAdmin: 409, support: 409 }),
    (w, c) => w.client(c).get(`/api/v1/users/${w.org.rep.id}`),
    NO_TENANT,
  ),
  row('PATCH', '/api/v1/users/:id', allow({ orgAdmin: 200 }), async (w, c) =>
    w.client(c).patch(`/api/v1/users/${await newMember(w)}`, {
      version: 1,
      roleId: w.org.roles.team_manager.id,
    }),
  ),
  row('POST', '/api/v1/users/import', allow({ orgAdmin: 200 }), (w, c) => {
    const csv = `email,name,role,team\n${uniqueEmail('imported')},Ivy Import,Sales Rep,West\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'users.csv');
    return w.client(c).post('/api/v1/users/import', form);
  }),
  // Invitations: org.manage_users; accepting is public
  row('POST', '/api/v1/invitations', allow({ orgAdmin: 201 }), (w, c) =>
    w
      .client(c)
      .post('/api/v1/invitations', { email: uniqueEmail('invitee'), roleId: w.org.roles.sales_rep.id }),
  ),
  row('GET', '/api/v1/invitations', allow({ orgAdmin: 200 }), get('/api/v1/invitations')),
  row('POST', '/api/v1/invitations/:id/resend', allow({ orgAdmin: 200 }), async (w, c) =>
    w.client(c).post(`/api/v1/invitations/${(await newInvitation(w)).id}/resend`),
  ),
  row('DELETE', '/api/v1/invitations/:id', allow({ orgAdmin: 200 }), async (w, c) =>
    w.client(c).delete(`/api/v1/invitations/${(await newInvitation(w)).id}`),
  ),
  // A copy of the caller's client: accepting sets a new session cookie.
  row('POST', '/api/v1/invitations/accept', everyone(200), async (w, c) =>
    w.copy(c).post('/api/v1/invitations/accept', {
      token: await invitationToken(w),
      name: 'Ada Accept',
      password: TEST_PASSWORD,
    }),
  ),
  // Audit: org.view_audit_logs (own organization) or platform.access_audit_logs (any)
  row(
    'GET',
    '/api/v1/audit-logs',
    allow({ orgAdmin: 200, superAdmin: 200, support: 200 }),
    get('/api/v1/audit-logs'),
  ),
];
