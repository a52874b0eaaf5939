import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ORG_ADMIN_PERMISSIONS } from '../core/identity/permissions.js';
import { MODULES } from '../modules.js';
import {
  buildOrganization,
  setTenantStatus,
  signIn,
  TEST_PASSWORD,
  type TestOrganization,
} from '../test/factories.js';
import { json, TestClient } from '../test/http-client.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import { expectStatus, idOf, type IsolationTenant, type ModuleIsolation, type Probe } from './matrix.js';

/**
 * Every module's share, from the registry: registering a module puts its lists, probes and records
 * under these checks.
 */
const ISOLATION: ModuleIsolation[] = (await Promise.all(MODULES.map((module) => module.matrix()))).flatMap(
  (matrix) => (matrix.isolation ? [matrix.isolation] : []),
);
const LISTS = ISOLATION.flatMap((part) => part.lists);
const FILTERS = ISOLATION.flatMap((part) => part.filters ?? []);
const allProbes = ISOLATION.flatMap((part) => part.probes);
/** Deletions last: in the twin's run below, no probe meets a record an earlier probe removed. */
const PROBES: Probe[] = [
  ...allProbes.filter(([method]) => method !== 'DELETE'),
  ...allProbes.filter(([method]) => method === 'DELETE'),
];

/** An organization the same in every tenant: the factory's, what every module seeds, an API key. */
interface Tenant extends IsolationTenant {
  /** An API key of its admin holding every Org Admin permission. */
  key: TestClient;
  /** Ids of the records the modules seeded: each must show in the tenant's own lists. */
  seeded: string[];
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

/** The factory's records, by the names probes use. */
function factoryIds(org: TestOrganization): Record<string, string> {
  const roles = Object.values(org.roles).map((role) => [`${role.name} role`, role.id]);
  return {
    tenant: org.tenantId,
    admin: org.admin.id,
    manager: org.manager.id,
    rep: org.rep.id,
    'other rep': org.otherRep.id,
    West: org.teamId,
    ...(Object.fromEntries(roles) as Record<string, string>),
  };
}

async function setUpTenant(): Promise<Tenant> {
  const org = await buildOrganization(app.database.db);
  const admin = await signIn(app.url, org.admin);
  const tenant: IsolationTenant = { app, org, admin, ids: factoryIds(org) };
  const seeded: string[] = [];
  for (const part of ISOLATION) {
    const ids = (await part.seed?.(tenant)) ?? {};
    tenant.ids = { ...tenant.ids, ...ids };
    seeded.push(...Object.values(ids));
  }
  const body = { name: 'Isolation checks', permissions: [...ORG_ADMIN_PERMISSIONS] };
  const key = await expectStatus<{ secret: string }>(await admin.post('/api/v1/api-keys', body), 201);
  return { ...tenant, key: TestClient.withKey(app.url, key.secret), seeded };
}

beforeAll(async () => {
  app = await startTestApp();
  a = await setUpTenant();
  b = await setUpTenant();
  for (const path of LISTS) {
    const response = await a.admin.get(path);
    expect(response.status).toBe(200);
    for (const id of uuidsIn(await json(response))) aIds.add(id);
  }
  const own = [a.org.tenantId, a.org.rep.id, ...a.seeded];
  expect(own.filter((id) => !aIds.has(id))).toEqual([]);
});

afterAll(async () => {
  await app?.close();
});

/** Status, problem code and field paths: enough to tell a handler's answer from a guard's. */
async function answer(response: Response) {
  const text = await response.text();
  // A download (a CSV report, a file) answers with its content, not JSON.
  const json = text !== '' && (response.headers.get('content-type') ?? '').includes('json');
  const body = (json ? JSON.parse(text) : {}) as { code?: string; errors?: { path: string }[] };
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

const callers = [
  { label: "B's org admin", client: () => b.admin },
  { label: "B's API key", client: () => b.key },
];

/** A probe's text with `<name>` as the target's record and `<B's name>` as the caller's own. */
const fill = (text: string, target: Tenant, caller: Tenant): string =>
  text.replace(/<(B's )?([^>]+)>/g, (_, own: string | undefined, name: string) =>
    idOf(own ? caller : target, name),
  );
const send = (client: TestClient, [method, path, body]: Probe, target: Tenant, caller: Tenant) =>
  client.request(
    method,
    fill(path, target, caller),
    body && (JSON.parse(fill(JSON.stringify(body), target, caller)) as object),
  );
const probeName = ([method, path, body]: Probe) =>
  `${method} ${path}${body ? ` ${JSON.stringify(body)}` : ''}`;

describe("tenant B reaching tenant A's records by id", () => {
  test.each(
    callers.flatMap((caller) => PROBES.map((probe) => ({ name: probeName(probe), probe, ...caller }))),
  )("$name at A's records as $label -> 404", async ({ probe, client }) => {
    const { text, ...rest } = await answer(await send(client(), probe, a, b));
    expect(rest).toEqual({ status: 404, code: probe[3] ?? 'not_found', paths: undefined });
    expect(text).not.toContain(a.org.slug);
  });

  test('the same requests by a twin organization on its own records find them (the probes are well-formed)', async () => {
    const twin = await setUpTenant();
    for (const probe of PROBES) {
      const { status, text } = await answer(await send(twin.admin, probe, twin, twin));
      const found = ![401, 403, 404].includes(status);
      expect({ probe: probeName(probe), found, ...(!found && { text }) }).toEqual({
        probe: probeName(probe),
        found: true,
      });
    }
  });

  test("A's records are unchanged afterwards", async () => {
    for (const part of ISOLATION) await part.unchanged?.(a);
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
    const own = [b.org.tenantId, b.org.rep.id, ...b.seeded];
    expect(own.filter((id) => !ids.has(id))).toEqual([]);
  });

  test("filters naming A's records find them for A and nothing for B", async () => {
    for (const path of FILTERS.map((filter) => fill(filter, a, a))) {
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
    const teams = { version: own, teamIds: [idOf(a, 'East')] };
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
    expect({ status: withA.status, code: withA.code }).toEqual({ status: 403, code: 'self_change' });
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
    const url = path.replace(':admin', b.org.admin.id).replace(':east', idOf(b, 'East'));
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
  /**
   * The factory changes the row as another instance would: this one hears of it by NOTIFY, which may
   * trail the commit by a moment. Waits for that (well inside the 5 s a caller stays cached otherwise).
   */
  async function untilHeard(client: TestClient): Promise<void> {
    const deadline = Date.now() + 2_000;
    while ((await client.get('/api/v1/me')).status === 200 && Date.now() < deadline) await sleep(20);
  }

  test("A's session gets 403 tenant_suspended and A's key 401, while B keeps working", async () => {
    await setTenantStatus(app.database.db, a.org.tenantId, 'suspended');
    try {
      await untilHeard(a.admin);
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
