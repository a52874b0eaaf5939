/**
 * The permission matrix's vocabulary: the callers, the world a row runs in, and helpers to state outcomes
 * and make fresh records. Each module's `<d>.matrix.ts` has one row per route it documents, with a
 * request a handler would accept and the expected status per caller; `permission-matrix.int.test.ts`
 * runs the rows of every module in the registry. A module's `isolation` part (lists, probes, records it
 * seeds) joins `tenant-isolation.int.test.ts` the same way.
 */
import { newId } from '../core/db/columns.js';
import type { ErrorCode } from '../errors.js';
import { invitations, memberships, passwordResetTokens, users } from '../core/db/schema.js';
import type { TestOrganization, TestPerson } from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import type { TestApp } from '../test/test-app.js';
import { issueToken } from '../modules/invitations/invitations.commands.js';
import { hashToken, randomToken } from '../core/identity/secrets.js';

export const CALLERS = [
  'anonymous',
  'orgAdmin',
  'teamManager',
  'salesRep',
  'customRole',
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
  customRole: 'custom role without the permission',
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

export type Outcomes = Record<Caller, number>;

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Exactly as documented (`documentedRoutes()`), e.g. `/api/v1/teams/:id`. */
  path: string;
  call(w: MatrixWorld, caller: Caller): Promise<Response>;
  expected: Outcomes;
  /** Problem codes of allowed-but-refused answers that only the handler gives (404, 409...). */
  codes?: Partial<Record<Caller, string>>;
}

/** Everyone refused: 401 without credentials, 403 for a caller without the permission or organization. */
export const DENIED: Outcomes = {
  anonymous: 401,
  orgAdmin: 403,
  teamManager: 403,
  salesRep: 403,
  customRole: 403,
  superAdmin: 403,
  support: 403,
  suspended: 403,
};
export const allow = (outcomes: Partial<Outcomes>): Outcomes => ({ ...DENIED, ...outcomes });
export const signedIn = (status: number, overrides: Partial<Outcomes> = {}): Outcomes =>
  allow({
    orgAdmin: status,
    teamManager: status,
    salesRep: status,
    customRole: status,
    superAdmin: status,
    support: status,
    ...overrides,
  });
export const everyone = (status: number, overrides: Partial<Outcomes> = {}): Outcomes =>
  signedIn(status, { anonymous: status, suspended: status, ...overrides });
/** Platform staff act in no organization: tenant routes without a permission answer 409 `no_tenant`. */
export const NO_TENANT = { superAdmin: 'no_tenant', support: 'no_tenant' } as const;

let counter = 0;
export const unique = (prefix: string): string => `${prefix}-${++counter}-${randomToken(4).toLowerCase()}`;
export const uniqueEmail = (prefix: string) => `${unique(prefix).replace(/[^a-z0-9-]/g, '')}@matrix.test`;

/** Fails the setup (not the row) when a preparatory call does not do what it must. */
export async function expectStatus<T = Record<string, unknown>>(
  response: Response,
  status: number,
): Promise<T> {
  if (response.status !== status) {
    throw new Error(`setup call got ${response.status}, wanted ${status}: ${await response.text()}`);
  }
  return status === 204 ? (undefined as T) : json<T>(response);
}

export const admin = (w: MatrixWorld) => w.client('orgAdmin');

export async function newTeam(w: MatrixWorld, people: { managerId?: string; memberId?: string } = {}) {
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

export async function newRole(w: MatrixWorld) {
  const body = { name: unique('Role'), permissions: ['tasks.view_assigned'] };
  return expectStatus<{ id: string; version: number }>(await admin(w).post('/api/v1/roles', body), 201);
}

export async function newInvitation(w: MatrixWorld) {
  const body = { email: uniqueEmail('invitee'), roleId: w.org.roles.sales_rep.id };
  return expectStatus<{ id: string }>(await admin(w).post('/api/v1/invitations', body), 201);
}

export async function newApiKey(w: MatrixWorld) {
  const body = { name: unique('Key'), permissions: ['org.manage_users'] };
  const created = await expectStatus<{ apiKey: { id: string } }>(
    await admin(w).post('/api/v1/api-keys', body),
    201,
  );
  return created.apiKey;
}

/** A pending invitation whose token the test knows (the real one only travels by email). */
export async function invitationToken(w: MatrixWorld): Promise<string> {
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
export async function resetToken(w: MatrixWorld): Promise<string> {
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

/**
 * A fixture made once per matrix world and shared by the rows that only read it (a finished import or export
 * takes a worker's round trip to make); a row that changes its fixture makes its own.
 */
export function oncePerWorld<T>(make: (w: MatrixWorld) => Promise<T>): (w: MatrixWorld) => Promise<T> {
  const made = new WeakMap<MatrixWorld, Promise<T>>();
  return (w) => {
    let fixture = made.get(w);
    if (!fixture) {
      fixture = make(w);
      made.set(w, fixture);
    }
    return fixture;
  };
}

export type Call = RouteCase['call'];
export const row = (
  method: RouteCase['method'],
  path: string,
  expected: Outcomes,
  call: Call,
  codes?: RouteCase['codes'],
): RouteCase => ({ method, path, expected, call, ...(codes && { codes }) });
export const get =
  (path: string): Call =>
  (w, c) =>
    w.client(c).get(path);

/**
 * A request at one tenant's records by id, sent from another tenant: `<name>` is the target tenant's
 * record of that name, `<B's name>` the calling tenant's own. It must answer 404 with `code` (default
 * `not_found`) and change nothing.
 */
export type Probe = [method: RouteCase['method'], path: string, body?: object, code?: ErrorCode];

/** An organization of the tenant-isolation suite, as a module's seed and checks see it. */
export interface IsolationTenant {
  app: TestApp;
  /** The factory's organization: admin, manager, reps, built-in roles, team "West". */
  org: TestOrganization;
  /** Its Org Admin, signed in. */
  admin: TestClient;
  /**
   * Its records by placeholder name: the factory's (`tenant`, `admin`, `manager`, `rep`, `other rep`,
   * `West`, `Org Admin role`, `Team Manager role`, `Sales Rep role`) and those of the seeds run so far.
   */
  ids: Readonly<Record<string, string>>;
}

/** A tenant's record by placeholder name; a name no factory or seed gave fails loudly. */
export function idOf(tenant: IsolationTenant, name: string): string {
  const id = tenant.ids[name];
  if (!id) throw new Error(`no record <${name}> in this tenant: is the module that seeds it registered?`);
  return id;
}

/** A module's share of the tenant-isolation suite (`tenant-isolation.int.test.ts`). */
export interface ModuleIsolation {
  /** Lists (path and query) an admin or API key reads: none may hold another tenant's ids. */
  lists: string[];
  /** Requests at another tenant's records; deletions run after the rest, in registry order. */
  probes: Probe[];
  /** Lists filtered by a tenant's records (`<name>` as in probes): they find them there, nothing elsewhere. */
  filters?: string[];
  /**
   * Creates the module's records in a tenant over HTTP, after the seeds of the modules before it in the
   * registry; returns their ids by placeholder name. Each must appear in one of the tenant's lists.
   */
  seed?(tenant: IsolationTenant): Promise<Record<string, string>>;
  /** Asserts the tenant's records are still as seeded, after another tenant's probes. */
  unchanged?(tenant: IsolationTenant): Promise<void>;
}

/** A module's share of the access suites. */
export interface ModuleMatrix {
  routes: RouteCase[];
  isolation?: ModuleIsolation;
}
