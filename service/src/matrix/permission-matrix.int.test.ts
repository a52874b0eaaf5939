import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { documentedRoutes, MODULES } from '../modules.js';
import {
  buildCustomRoleMember,
  buildOrganization,
  buildPlatformUser,
  setTenantStatus,
  signIn,
  type TestOrganization,
  type TestPerson,
} from '../test/factories.js';
import { json, TestClient } from '../test/http-client.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import {
  CALLER_LABELS,
  CALLERS,
  newMember,
  unique,
  type Caller,
  type MatrixWorld,
  type RouteCase,
} from './matrix.js';

/** Every module's rows, from the registry: a new module's routes join the matrix by being registered. */
const ROUTE_CASES: RouteCase[] = (await Promise.all(MODULES.map((module) => module.matrix()))).flatMap(
  (matrix) => matrix.routes,
);

let app: TestApp;
let world: MatrixWorld;

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  const org = await buildOrganization(db);
  const dormant = await buildOrganization(db, { name: 'Dormant Ltd' });
  const people: Record<Caller, TestPerson> = {
    anonymous: org.otherRep,
    orgAdmin: org.admin,
    teamManager: org.manager,
    salesRep: org.rep,
    customRole: await buildCustomRoleMember(db, org),
    superAdmin: await buildPlatformUser(db, 'super_admin'),
    support: await buildPlatformUser(db, 'support'),
    // An Org Admin: only the suspension stands between them and every organization route.
    suspended: dormant.admin,
  };
  const clients = new Map<Caller, TestClient>();
  for (const caller of CALLERS) {
    clients.set(
      caller,
      caller === 'anonymous' ? new TestClient(app.url) : await signIn(app.url, people[caller]),
    );
  }
  await setTenantStatus(db, dormant.tenantId, 'suspended');
  const client = (caller: Caller) => clients.get(caller)!;
  const copy = (caller: Caller) => {
    const copied = new TestClient(app.url);
    copied.cookie = client(caller).cookie;
    copied.csrfToken = client(caller).csrfToken;
    return copied;
  };
  world = {
    app,
    org,
    client,
    copy,
    person: (caller) => people[caller],
    fresh: async (caller) => {
      if (caller === 'anonymous') return new TestClient(app.url);
      if (caller === 'suspended') return copy(caller);
      return signIn(app.url, people[caller]);
    },
  };
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** The problem code a refusal must carry; allowed answers carry none unless the row names one. */
function expectedCode(routeCase: RouteCase, caller: Caller): string | undefined {
  const status = routeCase.expected[caller];
  if (status === 401) return 'unauthenticated';
  if (status === 403) return caller === 'suspended' ? 'tenant_suspended' : 'forbidden';
  return routeCase.codes?.[caller];
}

async function outcome(response: Response, expected: { status: number; code?: string | undefined }) {
  const text = await response.text();
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { code?: unknown };
    if (typeof body.code === 'string') code = body.code;
  } catch {
    // Empty (204) or not JSON: no problem code.
  }
  const actual: { status: number; code: string | undefined; detail?: string } = {
    status: response.status,
    code,
  };
  if (actual.status !== expected.status || code !== expected.code) actual.detail = text.slice(0, 400);
  return actual;
}

const rows = ROUTE_CASES.flatMap((routeCase) =>
  CALLERS.map((caller) => {
    const status = routeCase.expected[caller];
    const code = expectedCode(routeCase, caller);
    const shown =
      !code || code === 'unauthenticated' || code === 'forbidden' ? `${status}` : `${status} ${code}`;
    return {
      name: `${routeCase.method} ${routeCase.path} as ${CALLER_LABELS[caller]} -> ${shown}`,
      routeCase,
      caller,
      status,
      code,
    };
  }),
);

describe('permission matrix: every route x every caller', () => {
  test('every documented route has exactly one row, and every row is a route', () => {
    const documented = documentedRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const tabled = ROUTE_CASES.map((routeCase) => `${routeCase.method} ${routeCase.path}`);
    expect({
      missing: documented.filter((route) => !tabled.includes(route)),
      extra: tabled.filter((route) => !documented.includes(route)),
      duplicates: tabled.filter((route, index) => tabled.indexOf(route) !== index),
    }).toEqual({ missing: [], extra: [], duplicates: [] });
  });

  test.each(rows)('$name', async ({ routeCase, caller, status, code }) => {
    const response = await routeCase.call(world, caller);
    expect(await outcome(response, { status, code })).toEqual({ status, code });
  });
});

describe('API keys', () => {
  async function createKey(permissions: string[]) {
    const response = await world
      .client('orgAdmin')
      .post('/api/v1/api-keys', { name: unique('Key'), permissions });
    expect(response.status).toBe(201);
    return json<{ apiKey: { id: string }; secret: string }>(response);
  }

  test('a key holding only org.manage_users lists users but gets 403 on POST /api/v1/roles', async () => {
    const { secret } = await createKey(['org.manage_users']);
    const key = TestClient.withKey(app.url, secret);
    const users = await key.get('/api/v1/users');
    expect(users.status).toBe(200);
    const listed = await json<{ items: { id: string }[] }>(users);
    expect(listed.items.map((user) => user.id)).toContain(world.org.rep.id);
    const role = await key.post('/api/v1/roles', {
      name: unique('Role'),
      permissions: ['tasks.view_assigned'],
    });
    expect(await outcome(role, { status: 403, code: 'forbidden' })).toEqual({
      status: 403,
      code: 'forbidden',
    });
  });

  test('a revoked key gets 401', async () => {
    const { apiKey, secret } = await createKey(['org.manage_users']);
    const key = TestClient.withKey(app.url, secret);
    expect((await key.get('/api/v1/users')).status).toBe(200);
    expect((await world.client('orgAdmin').delete(`/api/v1/api-keys/${apiKey.id}`)).status).toBe(200);
    const after = await key.get('/api/v1/users');
    expect(await outcome(after, { status: 401, code: 'unauthenticated' })).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  });

  // The route admits org.assign_roles alone ("Assign roles and manage custom roles"), but the service
  // scopes users by org.manage_users only, so such a caller sees nobody else: every member is a 404.
  test("a key holding only org.assign_roles changes a member's role (PATCH /api/v1/users/:id -> 200)", async () => {
    const { secret } = await createKey(['org.assign_roles']);
    const key = TestClient.withKey(app.url, secret);
    expect((await key.get('/api/v1/roles')).status).toBe(200);
    const memberId = await newMember(world);
    const roleId = world.org.roles.team_manager.id;
    const response = await key.patch(`/api/v1/users/${memberId}`, { version: 1, roleId });
    expect(await outcome(response, { status: 200 })).toEqual({ status: 200, code: undefined });
  });
});

describe('CSRF', () => {
  const csrfFailed = { status: 403, code: 'csrf_failed' };
  const cookieOnly = (csrfToken?: string) => {
    const client = new TestClient(app.url);
    client.cookie = world.client('orgAdmin').cookie;
    client.csrfToken = csrfToken;
    return client;
  };
  const teamNames = async () => {
    const response = await world.client('orgAdmin').get('/api/v1/teams');
    return (await json<{ items: { name: string }[] }>(response)).items.map((team) => team.name);
  };

  test('a cookie-authenticated POST without X-CSRF-Token gets 403 csrf_failed and changes nothing', async () => {
    const name = unique('Team');
    const response = await cookieOnly().post('/api/v1/teams', { name });
    expect(await outcome(response, csrfFailed)).toEqual(csrfFailed);
    expect(await teamNames()).not.toContain(name);
  });

  test('a cookie-authenticated POST with a wrong X-CSRF-Token gets 403 csrf_failed', async () => {
    const response = await cookieOnly('not-the-token').post('/api/v1/teams', { name: unique('Team') });
    expect(await outcome(response, csrfFailed)).toEqual(csrfFailed);
  });

  test('a cookie-authenticated DELETE without X-CSRF-Token gets 403 csrf_failed', async () => {
    const response = await cookieOnly().delete(`/api/v1/teams/${world.org.teamId}`);
    expect(await outcome(response, csrfFailed)).toEqual(csrfFailed);
    expect(await teamNames()).toContain('West');
  });

  test('a bearer-key POST needs no CSRF token', async () => {
    const created = await world.client('orgAdmin').post('/api/v1/api-keys', {
      name: unique('Key'),
      permissions: ['org.manage_users'],
    });
    const { secret } = await json<{ secret: string }>(created);
    const name = unique('Team');
    const response = await TestClient.withKey(app.url, secret).post('/api/v1/teams', { name });
    expect(response.status).toBe(201);
    expect(await teamNames()).toContain(name);
  });
});

describe('record scope inside the organization (hidden records are 404, never 403)', () => {
  // An organization of its own: the matrix rows above add people to the manager's teams.
  let org: TestOrganization;
  const clients = new Map<'admin' | 'manager' | 'rep', TestClient>();
  const as = (who: 'admin' | 'manager' | 'rep') => clients.get(who)!;
  const notFound = { status: 404, code: 'not_found' };
  beforeAll(async () => {
    org = await buildOrganization(app.database.db, { name: 'Scope Co' });
    for (const who of ['admin', 'manager', 'rep'] as const) clients.set(who, await signIn(app.url, org[who]));
  });

  test.each([
    { caller: 'manager' as const, target: 'admin' as const },
    { caller: 'manager' as const, target: 'otherRep' as const },
    { caller: 'rep' as const, target: 'admin' as const },
    { caller: 'rep' as const, target: 'otherRep' as const },
    { caller: 'rep' as const, target: 'manager' as const },
  ])('GET /api/v1/users/:id of the $target as the $caller -> 404', async ({ caller, target }) => {
    const response = await as(caller).get(`/api/v1/users/${org[target].id}`);
    expect(await outcome(response, notFound)).toEqual(notFound);
  });

  test('a hidden user and a user that does not exist get the same 404', async () => {
    const hidden = await as('rep').get(`/api/v1/users/${org.admin.id}`);
    const missing = await as('rep').get('/api/v1/users/01900000-0000-7000-8000-000000000000');
    const detail = async (response: Response) => {
      const {
        status,
        code,
        detail: text,
      } = await json<{ status: number; code: string; detail: string }>(response);
      return { status, code, text };
    };
    expect(await detail(hidden)).toEqual(await detail(missing));
  });

  test('GET /api/v1/users as Team Manager lists only the manager and the members of their team', async () => {
    const response = await as('manager').get('/api/v1/users');
    const ids = (await json<{ items: { id: string }[] }>(response)).items.map((user) => user.id);
    expect(ids.sort()).toEqual([org.manager.id, org.rep.id].sort());
  });

  test('POST /api/v1/teams/:id/members on a team the manager does not manage -> 404', async () => {
    const team = await json<{ id: string }>(
      await as('admin').post('/api/v1/teams', { name: unique('Team') }),
    );
    const response = await as('manager').post(`/api/v1/teams/${team.id}/members`, {
      userId: org.otherRep.id,
    });
    expect(await outcome(response, notFound)).toEqual(notFound);
  });

  test('a Team Manager cannot make someone a manager of their own team -> 403', async () => {
    const body = { userId: org.otherRep.id, role: 'manager' };
    const response = await as('manager').post(`/api/v1/teams/${org.teamId}/members`, body);
    const forbidden = { status: 403, code: 'team_manager_needs_admin' };
    expect(await outcome(response, forbidden)).toEqual(forbidden);
  });
});
