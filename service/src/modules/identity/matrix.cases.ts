/**
 * The permission matrix of `permission-matrix.int.test.ts`: one row per documented route, each with a
 * request that a handler would accept (fresh data where it mutates) and the expected status per caller.
 * Expectations come from the permissions each route declares and the record-scope rules of its service.
 */
import { newId } from '../../db/schema/columns.js';
import { invitations, memberships, passwordResetTokens, users } from '../../db/schema/index.js';
import {
  buildOrganization,
  TEST_PASSWORD,
  type TestOrganization,
  type TestPerson,
} from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import type { TestApp } from '../../test/test-app.js';
import { issueToken } from '../invitations/invitations.service.js';
import { hashToken, randomToken } from './secrets.js';

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
  allow({ orgAdmin: status, teamManager: status, salesRep: status, superAdmin: status, support: status, ...overrides });
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
async function newMember(w: MatrixWorld): Promise<string> {
  const userId = newId();
  const { tenantId, roles } = w.org;
  await w.app.database.db.transaction({ tenantId, platform: true }, async (tx) => {
    await tx.insert(users).values({ id: userId, email: uniqueEmail('member'), name: 'Nova Member' });
    await tx.insert(memberships).values({ tenantId, userId, roleId: roles.sales_rep.id });
  });
  return userId;
}

export const ROUTE_CASES: RouteCase[] = [
  // Auth
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    call: async (w, caller) =>
      (await w.fresh(caller)).post('/api/v1/auth/login', {
        email: w.person(caller).email,
        password: TEST_PASSWORD,
      }),
    expected: everyone(200, { suspended: 403 }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    call: async (w, caller) => (await w.fresh(caller)).post('/api/v1/auth/logout'),
    expected: signedIn(204),
  },
  { method: 'GET', path: '/api/v1/me', call: (w, c) => w.client(c).get('/api/v1/me'), expected: signedIn(200) },
  {
    method: 'POST',
    path: '/api/v1/auth/switch-tenant',
    call: (w, c) => w.client(c).post('/api/v1/auth/switch-tenant', { tenantId: w.org.tenantId }),
    expected: signedIn(200, { superAdmin: 404, support: 404 }),
    codes: { superAdmin: 'not_found', support: 'not_found' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    call: (w, c) =>
      w.client(c).post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    expected: signedIn(204),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    call: (w, c) => w.client(c).post('/api/v1/auth/password-reset', { email: uniqueEmail('nobody') }),
    expected: everyone(202),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset/confirm',
    call: async (w, c) =>
      w.client(c).post('/api/v1/auth/password-reset/confirm', {
        token: await resetToken(w),
        password: 'a brand new passphrase',
      }),
    expected: everyone(200),
  },
  // API keys: org.manage_integrations
  {
    method: 'POST',
    path: '/api/v1/api-keys',
    call: (w, c) => w.client(c).post('/api/v1/api-keys', { name: unique('Key'), permissions: ['org.manage_users'] }),
    expected: allow({ orgAdmin: 201 }),
  },
  {
    method: 'GET',
    path: '/api/v1/api-keys',
    call: (w, c) => w.client(c).get('/api/v1/api-keys'),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/api-keys/:id',
    call: async (w, c) => w.client(c).delete(`/api/v1/api-keys/${(await newApiKey(w)).id}`),
    expected: allow({ orgAdmin: 200 }),
  },
  // Platform: manage_subscriptions / view_all_tenants / manage_support_staff; support staff read only
  {
    method: 'POST',
    path: '/api/v1/platform/tenants',
    call: (w, c) => {
      const slug = unique('org').toLowerCase().replace(/[^a-z0-9-]/g, '');
      return w.client(c).post('/api/v1/platform/tenants', {
        name: 'Newco',
        slug,
        adminEmail: `admin@${slug}.test`,
      });
    },
    expected: allow({ superAdmin: 201 }),
  },
  {
    method: 'GET',
    path: '/api/v1/platform/tenants',
    call: (w, c) => w.client(c).get('/api/v1/platform/tenants'),
    expected: allow({ superAdmin: 200, support: 200 }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/platform/tenants/:id',
    call: async (w, c) => {
      const target = await buildOrganization(w.app.database.db, { name: 'Target Inc' });
      return w.client(c).patch(`/api/v1/platform/tenants/${target.tenantId}`, { plan: 'pro' });
    },
    expected: allow({ superAdmin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/platform/support-staff',
    call: (w, c) => w.client(c).post('/api/v1/platform/support-staff', { email: uniqueEmail('helper') }),
    expected: allow({ superAdmin: 201 }),
  },
  {
    method: 'GET',
    path: '/api/v1/platform/audit-logs',
    call: (w, c) => w.client(c).get('/api/v1/platform/audit-logs'),
    expected: allow({ superAdmin: 200, support: 200 }),
  },
  // Roles: org.assign_roles (listing also org.manage_users)
  {
    method: 'GET',
    path: '/api/v1/permissions',
    call: (w, c) => w.client(c).get('/api/v1/permissions'),
    expected: signedIn(200),
  },
  {
    method: 'GET',
    path: '/api/v1/roles',
    call: (w, c) => w.client(c).get('/api/v1/roles'),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/roles',
    call: (w, c) =>
      w.client(c).post('/api/v1/roles', { name: unique('Role'), permissions: ['tasks.view_assigned'] }),
    expected: allow({ orgAdmin: 201 }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/roles/:id',
    call: async (w, c) => {
      const role = await newRole(w);
      return w.client(c).patch(`/api/v1/roles/${role.id}`, { version: role.version, name: unique('Renamed') });
    },
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/roles/:id',
    call: async (w, c) => w.client(c).delete(`/api/v1/roles/${(await newRole(w)).id}`),
    expected: allow({ orgAdmin: 204 }),
  },
  // Teams: org.manage_users; members also team.manage_members (for teams the caller manages)
  {
    method: 'GET',
    path: '/api/v1/teams',
    call: (w, c) => w.client(c).get('/api/v1/teams'),
    expected: signedIn(200, { superAdmin: 409, support: 409 }),
    codes: NO_TENANT,
  },
  {
    method: 'POST',
    path: '/api/v1/teams',
    call: (w, c) => w.client(c).post('/api/v1/teams', { name: unique('Team') }),
    expected: allow({ orgAdmin: 201 }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/teams/:id',
    call: async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id });
      return w.client(c).patch(`/api/v1/teams/${team.id}`, { version: team.version, description: 'Renamed' });
    },
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/teams/:id',
    call: async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id });
      return w.client(c).delete(`/api/v1/teams/${team.id}`);
    },
    expected: allow({ orgAdmin: 204 }),
  },
  {
    method: 'POST',
    path: '/api/v1/teams/:id/members',
    call: async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id });
      return w.client(c).post(`/api/v1/teams/${team.id}/members`, { userId: w.org.otherRep.id });
    },
    expected: allow({ orgAdmin: 200, teamManager: 200 }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/teams/:id/members/:userId',
    call: async (w, c) => {
      const team = await newTeam(w, { managerId: w.org.manager.id, memberId: w.org.otherRep.id });
      return w.client(c).delete(`/api/v1/teams/${team.id}/members/${w.org.otherRep.id}`);
    },
    expected: allow({ orgAdmin: 200, teamManager: 200 }),
  },
  // Users: org.manage_users (listing also team.manage_members; changes also org.assign_roles)
  {
    method: 'GET',
    path: '/api/v1/users',
    call: (w, c) => w.client(c).get('/api/v1/users'),
    expected: allow({ orgAdmin: 200, teamManager: 200 }),
  },
  {
    method: 'GET',
    path: '/api/v1/users/:id',
    // The rep of team "West": in the admin's tenant, the manager's team and the rep's own record.
    call: (w, c) => w.client(c).get(`/api/v1/users/${w.org.rep.id}`),
    expected: signedIn(200, { superAdmin: 409, support: 409 }),
    codes: NO_TENANT,
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/:id',
    call: async (w, c) =>
      w.client(c).patch(`/api/v1/users/${await newMember(w)}`, {
        version: 1,
        roleId: w.org.roles.team_manager.id,
      }),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/users/import',
    call: (w, c) => {
      const csv = `email,name,role,team\n${uniqueEmail('imported')},Ivy Import,Sales Rep,West\n`;
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'users.csv');
      return w.client(c).post('/api/v1/users/import', form);
    },
    expected: allow({ orgAdmin: 200 }),
  },
  // Invitations: org.manage_users; accepting is public
  {
    method: 'POST',
    path: '/api/v1/invitations',
    call: (w, c) =>
      w.client(c).post('/api/v1/invitations', { email: uniqueEmail('invitee'), roleId: w.org.roles.sales_rep.id }),
    expected: allow({ orgAdmin: 201 }),
  },
  {
    method: 'GET',
    path: '/api/v1/invitations',
    call: (w, c) => w.client(c).get('/api/v1/invitations'),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/invitations/:id/resend',
    call: async (w, c) => w.client(c).post(`/api/v1/invitations/${(await newInvitation(w)).id}/resend`),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/invitations/:id',
    call: async (w, c) => w.client(c).delete(`/api/v1/invitations/${(await newInvitation(w)).id}`),
    expected: allow({ orgAdmin: 200 }),
  },
  {
    method: 'POST',
    path: '/api/v1/invitations/accept',
    // A copy of the caller's client: accepting sets a new session cookie.
    call: async (w, c) =>
      w.copy(c).post('/api/v1/invitations/accept', {
        token: await invitationToken(w),
        name: 'Ada Accept',
        password: TEST_PASSWORD,
      }),
    expected: everyone(200),
  },
  // Audit: org.view_audit_logs (own organization) or platform.access_audit_logs (any)
  {
    method: 'GET',
    path: '/api/v1/audit-logs',
    call: (w, c) => w.client(c).get('/api/v1/audit-logs'),
    expected: allow({ orgAdmin: 200, superAdmin: 200, support: 200 }),
  },
];
