import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildOrganization,
  buildPlatformUser,
  signIn,
  TEST_PASSWORD,
  type TestPerson,
} from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { tokenFrom, waitForEmail } from '../../test/outbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

describe('platform administration', () => {
  let app: TestApp;
  let superAdmin: TestPerson;
  let platform: TestClient;
  beforeAll(async () => {
    app = await startTestApp();
    superAdmin = await buildPlatformUser(app.database.db, 'super_admin');
    platform = await signIn(app.url, superAdmin);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates an organization whose first admin joins from the emailed invitation', async () => {
    const created = await platform.post('/api/v1/platform/tenants', {
      name: 'Umbrella',
      slug: 'Umbrella',
      adminEmail: 'boss@umbrella.test',
    });
    expect(created.status).toBe(201);
    const body = await json<{ tenant: { id: string; slug: string }; invitation: { roleName: string } }>(
      created,
    );
    expect(body).toMatchObject({ tenant: { slug: 'umbrella' }, invitation: { roleName: 'Org Admin' } });
    const again = await platform.post('/api/v1/platform/tenants', {
      name: 'Again',
      slug: 'umbrella',
      adminEmail: 'x@y.test',
    });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'tenant_slug_taken' });
    const mail = await waitForEmail(app, 'boss@umbrella.test', /Umbrella/);
    const joined = await new TestClient(app.url).post('/api/v1/invitations/accept', {
      token: tokenFrom(mail),
      name: 'Bo Ss',
      password: TEST_PASSWORD,
    });
    expect(await json(joined)).toMatchObject({
      tenant: { id: body.tenant.id },
      permissions: expect.arrayContaining(['org.manage_users']),
    });
    // Who created it is on record, in the platform's log and in the organization's own.
    const tenantLog = await json<{ items: { action: string; actorId: string | null }[] }>(
      await platform.get(`/api/v1/audit-logs?tenantId=${body.tenant.id}`),
    );
    expect(tenantLog.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'tenant.created', actorId: superAdmin.id }),
        expect.objectContaining({ action: 'invitation.created', actorId: superAdmin.id }),
      ]),
    );
    const platformLog = await json<{ items: { action: string; actorId: string | null }[] }>(
      await platform.get('/api/v1/platform/audit-logs?action=tenant.created'),
    );
    expect(platformLog.items[0]).toMatchObject({ actorId: superAdmin.id });
  });

  it('lists and suspends organizations; a suspended one cannot sign in until reactivated', async () => {
    const org = await buildOrganization(app.database.db);
    const { items } = await json<{ items: { id: string; memberCount: number }[] }>(
      await platform.get('/api/v1/platform/tenants'),
    );
    expect(items.find((tenant) => tenant.id === org.tenantId)).toMatchObject({ memberCount: 4 });
    const signedInRep = await signIn(app.url, org.rep);
    expect((await signedInRep.get('/api/v1/teams')).status).toBe(200);
    expect(
      (await platform.patch(`/api/v1/platform/tenants/${org.tenantId}`, { status: 'suspended' })).status,
    ).toBe(200);
    // Sessions already open stop working at once, not when a cached caller expires.
    const refused = await signedInRep.get('/api/v1/teams');
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({ code: 'tenant_suspended' });
    expect(
      (
        await new TestClient(app.url).post('/api/v1/auth/login', {
          email: org.rep.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(403);
    expect(
      (await platform.patch(`/api/v1/platform/tenants/${org.tenantId}`, { status: 'active' })).status,
    ).toBe(200);
    await signIn(app.url, org.rep);
    expect((await signedInRep.get('/api/v1/teams')).status).toBe(200);
    const tenantLog = await json<{ items: { action: string; actorId: string | null }[] }>(
      await platform.get(`/api/v1/audit-logs?tenantId=${org.tenantId}`),
    );
    expect(tenantLog.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['tenant.suspended', 'tenant.reactivated', 'tenant.created']),
    );
    expect(tenantLog.items.find((entry) => entry.action === 'tenant.suspended')).toMatchObject({
      actorId: superAdmin.id,
    });
  });

  it('registers support staff who can read across organizations but change nothing, every read audited', async () => {
    const added = await platform.post('/api/v1/platform/support-staff', {
      email: 'help@closer.test',
      name: 'Hal Help',
    });
    expect(added.status).toBe(201);
    const supportId = (await json<{ id: string }>(added)).id;
    const promoting = await platform.post('/api/v1/platform/support-staff', { email: superAdmin.email });
    expect(promoting.status).toBe(409);
    expect(await json(promoting)).toMatchObject({ code: 'already_super_admin' });
    const token = tokenFrom(await waitForEmail(app, 'help@closer.test', /password/i));
    expect(
      (
        await new TestClient(app.url).post('/api/v1/auth/password-reset/confirm', {
          token,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    const support = await signIn(app.url, { id: '', email: 'help@closer.test', name: 'Hal Help' });
    expect((await support.get('/api/v1/platform/tenants')).status).toBe(200);
    expect(
      (await support.post('/api/v1/platform/tenants', { name: 'No', slug: 'no', adminEmail: 'n@o.test' }))
        .status,
    ).toBe(403);
    const log = await json<{ items: { action: string; actorId: string }[] }>(
      await platform.get('/api/v1/platform/audit-logs?action=platform.tenants_listed'),
    );
    expect(log.items.map((entry) => entry.actorId)).toEqual(
      expect.arrayContaining([superAdmin.id, supportId]),
    );
  });

  it('lists platform staff to super admins only', async () => {
    const staff = await json<{ items: { email: string; platformRole: string }[] }>(
      await platform.get('/api/v1/platform/support-staff'),
    );
    expect(staff.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: superAdmin.email, platformRole: 'super_admin' }),
        expect.objectContaining({ email: 'help@closer.test', platformRole: 'support' }),
      ]),
    );
    const org = await buildOrganization(app.database.db);
    expect((await (await signIn(app.url, org.admin)).get('/api/v1/platform/support-staff')).status).toBe(403);
  });

  it('reports system health: requests over time, queues, database size, active people', async () => {
    for (let i = 0; i < 5; i++) await platform.get('/api/v1/me');
    const health = await json<{
      requests: { at: string; requests: number; perSecond: number; p95Ms: number | null }[];
      queues: { name: string; waiting: number; failed24h: number }[];
      databaseBytes: number;
      activeUsers: number;
      connections: number;
      organizations: { active: number; suspended: number };
    }>(await platform.get('/api/v1/platform/health'));
    const served = health.requests.reduce((sum, sample) => sum + sample.requests, 0);
    expect(served).toBeGreaterThanOrEqual(5);
    // The requests may straddle a sample boundary: the latest sample that served any has their latency.
    const latest = health.requests.filter((sample) => sample.requests > 0).at(-1);
    expect(latest!.p95Ms).toBeGreaterThan(0);
    expect(health.databaseBytes).toBeGreaterThan(1_000_000);
    expect(health.activeUsers).toBeGreaterThanOrEqual(1);
    expect(health.organizations.active).toBeGreaterThanOrEqual(1);
    expect(health.organizations.suspended).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(health.queues)).toBe(true);
    const org = await buildOrganization(app.database.db);
    expect((await (await signIn(app.url, org.admin)).get('/api/v1/platform/health')).status).toBe(403);
  });
});
