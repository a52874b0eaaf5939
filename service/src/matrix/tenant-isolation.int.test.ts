import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  buildOrganization,
  setTenantStatus,
  signIn,
  TEST_PASSWORD,
  type TestOrganization,
} from '../test/factories.js';
import { json, TestClient } from '../test/http-client.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import { ORG_ADMIN_PERMISSIONS } from '../core/identity/permissions.js';

/** What each organization gets over HTTP, on top of the factory: the same names in both. */
interface Tenant {
  org: TestOrganization;
  admin: TestClient;
  key: TestClient;
  customRoleId: string;
  eastTeamId: string;
  invitationId: string;
  apiKeyId: string;
}

let app: TestApp;
let a: Tenant;
let b: Tenant;
/** Every UUID found anywhere in A's own lists: none of them may reach B. */
const aIds = new Set<string>();

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NOT_A_RECORD = '01900000-0000-7000-8000-000000000000';

/** Every UUID in a JSON document, wherever it sits (ids, foreign keys, audit before/after). */
const uuidsIn = (value: unknown): string[] =>
  (JSON.stringify(value).match(UUID) ?? []).map((id) => id.toLowerCase());

async function created<T>(response: Response): Promise<T> {
  if (response.status !== 201) throw new Error(`setup got ${response.status}: ${await response.text()}`);
  return json<T>(response);
}

async function setUpTenant(): Promise<Tenant> {
  const org = await buildOrganization(app.database.db);
  const admin = await signIn(app.url, org.admin);
  const role = await created<{ id: string }>(
    await admin.post('/api/v1/roles', { name: 'Deal Desk', permissions: ['opportunities.manage_assigned'] }),
  );
  const east = await created<{ id: string }>(await admin.post('/api/v1/teams', { name: 'East' }));
  const added = await admin.post(`/api/v1/teams/${east.id}/members`, { userId: org.otherRep.id });
  if (added.status !== 200) throw new Error(`setup got ${added.status}: ${await added.text()}`);
  const invitation = await created<{ id: string }>(
    await admin.post('/api/v1/invitations', {
      email: 'new.hire@example.test',
      roleId: role.id,
      teamId: east.id,
    }),
  );
  const key = await created<{ apiKey: { id: string }; secret: string }>(
    await admin.post('/api/v1/api-keys', { name: 'Integration', permissions: [...ORG_ADMIN_PERMISSIONS] }),
  );
  return {
    org,
    admin,
    key: TestClient.withKey(app.url, key.secret),
    customRoleId: role.id,
    eastTeamId: east.id,
    invitationId: invitation.id,
    apiKeyId: key.apiKey.id,
  };
}

const LISTS = [
  '/api/v1/me',
  '/api/v1/users',
  '/api/v1/roles',
  '/api/v1/teams',
  '/api/v1/invitations',
  '/api/v1/api-keys',
  '/api/v1/audit-logs?limit=500',
];

beforeAll(async () => {
  app = await startTestApp();
  a = await setUpTenant();
  b = await setUpTenant();
  for (const path of LISTS) {
    const response = await a.admin.get(path);
    expect(response.status).toBe(200);
    for (const id of uuidsIn(await json(response))) aIds.add(id);
  }
  const own = [a.org.tenantId, a.customRoleId, a.eastTeamId, a.invitationId, a.apiKeyId, a.org.rep.id];
  expect(own.filter((id) => !aIds.has(id))).toEqual([]);
});

afterAll(async () => {
  await app?.close();
});

/** Status, problem code and field paths: enough to tell a handler's answer from a guard's. */
async function answer(response: Response) {
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as { code?: string; errors?: { path: string }[] };
  return {
    status: response.status,
    code: body.code,
    paths: body.errors?.map((error) => error.path),
    text,
  };
}
/** The same, without the body text. */
async function verdict(response: Response) {
  const { text: _text, ...rest } = await answer(response);
  return rest;
}
const withoutRequestId = (text: string) => text.replace(/"requestId":"[^"]*"/, '');
const notFound = { status: 404, code: 'not_found', paths: undefined };

const callers = [
  { label: "B's org admin", client: () => b.admin },
  { label: "B's API key", client: () => b.key },
];

/** Requests at one tenant's records by id, ending with a deletion; `<name>` is that tenant's record. */
type Probe = [method: string, path: string, body?: object];
const PROBES: Probe[] = [
  ['GET', '/api/v1/users/<admin>'],
  ['GET', '/api/v1/users/<rep>'],
  ['PATCH', '/api/v1/users/<rep>', { version: 1, status: 'deactivated' }],
  ['PATCH', '/api/v1/users/<rep>', { version: 1, teamIds: ["<B's West>"] }],
  ['PATCH', '/api/v1/roles/<custom role>', { version: 1, name: 'Hijacked' }],
  ['PATCH', '/api/v1/roles/<Sales Rep role>', { version: 1, name: 'Hijacked' }],
  ['DELETE', '/api/v1/roles/<custom role>'],
  ['DELETE', '/api/v1/roles/<Org Admin role>'],
  ['PATCH', '/api/v1/teams/<East>', { version: 1, name: 'Hijacked' }],
  ['POST', '/api/v1/teams/<West>/members', { userId: "<B's rep>" }],
  ['DELETE', '/api/v1/teams/<West>/members/<rep>'],
  ['POST', '/api/v1/invitations/<invitation>/resend'],
  ['DELETE', '/api/v1/invitations/<invitation>'],
  ['DELETE', '/api/v1/api-keys/<API key>'],
  ['GET', '/api/v1/audit-logs?tenantId=<tenant>'],
  ['DELETE', '/api/v1/teams/<West>'],
];
function fill(text: string, t: Tenant): string {
  const ids: Record<string, string> = {
    admin: t.org.admin.id,
    rep: t.org.rep.id,
    'custom role': t.customRoleId,
    'Sales Rep role': t.org.roles.sales_rep.id,
    'Org Admin role': t.org.roles.org_admin.id,
    East: t.eastTeamId,
    West: t.org.teamId,
    invitation: t.invitationId,
    'API key': t.apiKeyId,
    tenant: t.org.tenantId,
    "B's West": b.org.teamId,
    "B's rep": b.org.rep.id,
  };
  return text.replace(/<([^>]+)>/g, (_, name: string) => ids[name]!);
}
const send = (client: TestClient, [method, path, body]: Probe, target: Tenant) =>
  client.request(
    method,
    fill(path, target),
    body && (JSON.parse(fill(JSON.stringify(body), target)) as object),
  );
const probeName = ([method, path, body]: Probe) =>
  `${method} ${path}${body ? ` ${JSON.stringify(body)}` : ''}`;

describe("tenant B reaching tenant A's records by id", () => {
  test.each(
    callers.flatMap((caller) => PROBES.map((probe) => ({ name: probeName(probe), probe, ...caller }))),
  )("$name at A's records as $label -> 404", async ({ probe, client }) => {
    const { text, ...rest } = await answer(await send(client(), probe, a));
    expect(rest).toEqual(notFound);
    expect(text).not.toContain(a.org.slug);
  });

  test('the same requests by a twin organization on its own records find them (the probes are well-formed)', async () => {
    const twin = await setUpTenant();
    for (const probe of PROBES) {
      const { status, text } = await answer(await send(twin.admin, probe, twin));
      const found = ![401, 403, 404].includes(status);
      expect({ probe: probeName(probe), found, ...(!found && { text }) }).toEqual({
        probe: probeName(probe),
        found: true,
      });
    }
  });

  test("A's records are unchanged afterwards", async () => {
    const role = await json<{ items: { id: string; name: string; version: number }[] }>(
      await a.admin.get('/api/v1/roles'),
    );
    expect(role.items.find((r) => r.id === a.customRoleId)).toMatchObject({ name: 'Deal Desk', version: 1 });
    expect(role.items.map((r) => r.id)).toContain(a.org.roles.org_admin.id);
    const teams = await json<{ items: { id: string; name: string; members: { userId: string }[] }[] }>(
      await a.admin.get('/api/v1/teams'),
    );
    expect(teams.items.map((t) => t.name).sort()).toEqual(['East', 'West']);
    const west = teams.items.find((t) => t.id === a.org.teamId)!;
    expect(west.members.map((m) => m.userId).sort()).toEqual([a.org.manager.id, a.org.rep.id].sort());
    const rep = await json<{ status: string; version: number }>(
      await a.admin.get(`/api/v1/users/${a.org.rep.id}`),
    );
    expect(rep).toMatchObject({ status: 'active', version: 1 });
    const invitations = await json<{ items: { id: string; status: string; sendCount: number }[] }>(
      await a.admin.get('/api/v1/invitations'),
    );
    expect(invitations.items).toEqual([
      expect.objectContaining({ id: a.invitationId, status: 'pending', sendCount: 1 }),
    ]);
    expect((await a.key.get('/api/v1/users')).status).toBe(200);
  });
});

describe("tenant B's lists and filters", () => {
  test.each(callers.flatMap((caller) => LISTS.map((path) => ({ path, ...caller }))))(
    "GET $path as $label contains none of A's ids",
    async ({ path, client }) => {
      const response = await client().get(path);
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(uuidsIn(body).filter((id) => aIds.has(id))).toEqual([]);
      expect(JSON.stringify(body)).not.toContain(a.org.slug);
    },
  );

  test("B's lists do hold B's own records (the checks above are not vacuous)", async () => {
    const ids = new Set<string>();
    for (const path of LISTS) for (const id of uuidsIn(await json(await b.admin.get(path)))) ids.add(id);
    const own = [b.org.tenantId, b.org.rep.id, b.customRoleId, b.eastTeamId, b.invitationId, b.apiKeyId];
    expect(own.filter((id) => !ids.has(id))).toEqual([]);
  });

  const filters = () => [
    `/api/v1/audit-logs?entity=role:${a.customRoleId}`,
    `/api/v1/audit-logs?entity=team:${a.eastTeamId}`,
    `/api/v1/audit-logs?entity=invitation:${a.invitationId}`,
    `/api/v1/audit-logs?entity=api_key:${a.apiKeyId}`,
    `/api/v1/audit-logs?actor=${a.org.admin.id}`,
    `/api/v1/users?teamId=${a.org.teamId}`,
    `/api/v1/users?roleId=${a.org.roles.sales_rep.id}`,
  ];

  test("filters naming A's records find them for A and nothing for B", async () => {
    for (const path of filters()) {
      const own = await json<{ items: unknown[] }>(await a.admin.get(path));
      expect({ path, found: own.items.length > 0 }).toEqual({ path, found: true });
      for (const client of [b.admin, b.key]) {
        const response = await client.get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect({ path, items: (await json<{ items: unknown[] }>(response)).items }).toEqual({
          path,
          items: [],
        });
      }
    }
  });
});

describe("tenant B cannot move anyone into tenant A with A's ids", () => {
  const invalid = (path: string) => ({ status: 422, code: 'validation_failed', paths: [path] });
  const version = async (client: TestClient, userId: string) =>
    (await json<{ version: number }>(await client.get(`/api/v1/users/${userId}`))).version;

  test.each(callers)('as $label', async ({ client }) => {
    const as = client();
    const email = `moved.${Math.random().toString(36).slice(2)}@example.test`;
    expect(
      await verdict(await as.post('/api/v1/invitations', { email, roleId: a.org.roles.sales_rep.id })),
    ).toEqual(invalid('body.roleId'));
    expect(
      await verdict(
        await as.post('/api/v1/invitations', {
          email,
          roleId: b.org.roles.sales_rep.id,
          teamId: a.org.teamId,
        }),
      ),
    ).toEqual(invalid('body.teamId'));
    const repVersion = await version(as, b.org.rep.id);
    expect(
      await verdict(
        await as.patch(`/api/v1/users/${b.org.rep.id}`, {
          version: repVersion,
          roleId: a.org.roles.org_admin.id,
        }),
      ),
    ).toEqual(invalid('body.roleId'));
    expect(
      await verdict(
        await as.patch(`/api/v1/users/${b.org.rep.id}`, { version: repVersion, teamIds: [a.org.teamId] }),
      ),
    ).toEqual(invalid('body.teamIds'));
    expect(
      await verdict(await as.post(`/api/v1/teams/${b.org.teamId}/members`, { userId: a.org.rep.id })),
    ).toEqual(invalid('body.userId'));
    // Nothing was half-written in B either.
    const rep = await json<{ roleId: string; teams: { id: string }[]; version: number }>(
      await as.get(`/api/v1/users/${b.org.rep.id}`),
    );
    expect(rep).toMatchObject({
      roleId: b.org.roles.sales_rep.id,
      version: repVersion,
      teams: [{ id: b.org.teamId }],
    });
    const pending = await json<{ items: { email: string }[] }>(await as.get('/api/v1/invitations'));
    expect(pending.items.map((i) => i.email)).not.toContain(email);
  });

  test("B's admin patching their own membership with A's team ids -> 422; with A's role -> the same 403 as any role", async () => {
    const own = await version(b.admin, b.org.admin.id);
    const teams = { version: own, teamIds: [a.eastTeamId] };
    expect(await verdict(await b.admin.patch(`/api/v1/users/${b.org.admin.id}`, teams))).toEqual(
      invalid('body.teamIds'),
    );
    const withA = await answer(
      await b.admin.patch(`/api/v1/users/${b.org.admin.id}`, {
        version: own,
        roleId: a.org.roles.org_admin.id,
      }),
    );
    const withNothing = await answer(
      await b.admin.patch(`/api/v1/users/${b.org.admin.id}`, { version: own, roleId: NOT_A_RECORD }),
    );
    expect({ status: withA.status, code: withA.code }).toEqual({ status: 403, code: 'forbidden' });
    expect(withoutRequestId(withA.text)).toBe(withoutRequestId(withNothing.text));
  });
});

describe('switching and signing in to tenant A', () => {
  test("POST /api/v1/auth/switch-tenant to A's tenant as B's admin -> 404, like a tenant that does not exist", async () => {
    const toA = await answer(await b.admin.post('/api/v1/auth/switch-tenant', { tenantId: a.org.tenantId }));
    const toNothing = await answer(
      await b.admin.post('/api/v1/auth/switch-tenant', { tenantId: NOT_A_RECORD }),
    );
    expect({ status: toA.status, code: toA.code }).toEqual({ status: 404, code: 'not_found' });
    expect(withoutRequestId(toA.text)).toBe(withoutRequestId(toNothing.text));
    const me = await json<{ tenant: { id: string } }>(await b.admin.get('/api/v1/me'));
    expect(me.tenant.id).toBe(b.org.tenantId);
  });

  test("signing in as B's admin into A's tenant is refused exactly like an unknown tenant", async () => {
    const login = async (tenantId: string) =>
      answer(
        await new TestClient(app.url).post('/api/v1/auth/login', {
          email: b.org.admin.email,
          password: TEST_PASSWORD,
          tenantId,
        }),
      );
    const intoA = await login(a.org.tenantId);
    expect({ status: intoA.status, code: intoA.code }).toEqual({ status: 403, code: 'tenant_unavailable' });
    expect(withoutRequestId(intoA.text)).toBe(withoutRequestId((await login(NOT_A_RECORD)).text));
  });
});

describe('a rep in the same organization (no user permissions)', () => {
  let rep: TestClient;
  beforeAll(async () => {
    rep = await signIn(app.url, b.org.rep);
  });

  test('GET /api/v1/users/:id of the admin -> 404, the same answer as a user that does not exist', async () => {
    const admin = await answer(await rep.get(`/api/v1/users/${b.org.admin.id}`));
    const nobody = await answer(await rep.get(`/api/v1/users/${NOT_A_RECORD}`));
    expect({ status: admin.status, code: admin.code }).toEqual({ status: 404, code: 'not_found' });
    expect(withoutRequestId(admin.text)).toBe(withoutRequestId(nobody.text));
  });

  test('GET /api/v1/users/:id of themselves -> 200', async () => {
    expect((await rep.get(`/api/v1/users/${b.org.rep.id}`)).status).toBe(200);
  });

  test.each([
    ['GET', '/api/v1/roles'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/invitations'],
    ['GET', '/api/v1/audit-logs'],
    ['PATCH', '/api/v1/users/:admin'],
    ['DELETE', '/api/v1/teams/:east'],
  ])('%s %s -> 403 (a missing permission, not a record)', async (method, path) => {
    const url = path.replace(':admin', b.org.admin.id).replace(':east', b.eastTeamId);
    const body = method === 'PATCH' ? { version: 1, status: 'deactivated' } : undefined;
    expect(await verdict(await rep.request(method, url, body))).toEqual({
      status: 403,
      code: 'forbidden',
      paths: undefined,
    });
  });

  test('GET /api/v1/teams lists only their own team', async () => {
    const teams = await json<{ items: { id: string; name: string }[] }>(await rep.get('/api/v1/teams'));
    expect(teams.items.map((team) => ({ id: team.id, name: team.name }))).toEqual([
      { id: b.org.teamId, name: 'West' },
    ]);
  });
});

describe('suspending tenant A', () => {
  test("A's session gets 403 tenant_suspended and A's key 401, while B keeps working", async () => {
    await setTenantStatus(app.database.db, a.org.tenantId, 'suspended');
    try {
      for (const path of ['/api/v1/me', '/api/v1/users']) {
        const { status, code } = await answer(await a.admin.get(path));
        expect({ path, status, code }).toEqual({ path, status: 403, code: 'tenant_suspended' });
      }
      const viaKey = await answer(await a.key.get('/api/v1/users'));
      expect({ status: viaKey.status, code: viaKey.code }).toEqual({ status: 401, code: 'unauthenticated' });
      expect((await b.admin.get('/api/v1/users')).status).toBe(200);
      expect((await b.key.get('/api/v1/users')).status).toBe(200);
      const created = await b.admin.post('/api/v1/teams', { name: 'North' });
      expect(created.status).toBe(201);
    } finally {
      await setTenantStatus(app.database.db, a.org.tenantId, 'active');
    }
    expect((await a.admin.get('/api/v1/me')).status).toBe(200);
  });
});
