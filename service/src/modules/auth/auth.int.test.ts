import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildOrganization,
  buildPlatformUser,
  setTenantStatus,
  signIn,
  TEST_PASSWORD,
  type TestOrganization,
} from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { tokenFrom, waitForEmail } from '../../test/outbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { eq } from 'drizzle-orm';
import { sessions } from '../../core/db/schema.js';
import { hashToken } from '../../core/identity/secrets.js';
import { currentContext } from '../../core/context/request-context.js';

describe('sign-in and sessions', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    app = await startTestApp();
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs in with the right password and answers user, tenant, memberships, permissions and a CSRF token', async () => {
    const client = new TestClient(app.url);
    const response = await client.post('/api/v1/auth/login', {
      email: org.rep.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/closer_session=[\w-]{40,}/);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=lax');
    const body = await json(response);
    expect(body).toMatchObject({
      user: { id: org.rep.id, email: org.rep.email, name: 'Riley Rep' },
      tenant: { id: org.tenantId, slug: org.slug },
      memberships: [{ tenantId: org.tenantId, roleName: 'Sales Rep', status: 'active' }],
    });
    expect(body.permissions).toEqual(
      expect.arrayContaining(['tasks.view_assigned', 'opportunities.manage_assigned']),
    );
    expect(body.permissions).not.toContain('org.manage_users');
    expect(typeof body.csrfToken).toBe('string');
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await new TestClient(app.url).post('/api/v1/auth/login', {
      email: org.rep.email,
      password: 'not the password',
    });
    const unknown = await new TestClient(app.url).post('/api/v1/auth/login', {
      email: 'nobody@nowhere.test',
      password: 'whatever',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await json(wrong)).detail).toBe((await json(unknown)).detail);
  });

  it('rotates the session on a new sign-in: the old cookie stops working', async () => {
    const client = await signIn(app.url, org.rep);
    const oldCookie = client.cookie;
    await client.login(org.rep.email, TEST_PASSWORD);
    expect(client.cookie).not.toBe(oldCookie);
    const stale = new TestClient(app.url);
    stale.cookie = oldCookie;
    expect((await stale.get('/api/v1/me')).status).toBe(401);
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('revokes the session at once on logout', async () => {
    const client = await signIn(app.url, org.rep);
    const cookie = client.cookie;
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    const replay = new TestClient(app.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('revokes other sessions on password change and keeps the current one', async () => {
    const person = (await buildOrganization(app.database.db)).rep;
    const laptop = await signIn(app.url, person);
    const phone = await signIn(app.url, person);
    const changed = await laptop.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
    expect(
      (
        await new TestClient(app.url).post('/api/v1/auth/login', {
          email: person.email,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(401);
  });

  it('revokes sessions at once when an admin deactivates the user, and lets them back on reactivation', async () => {
    const local = await buildOrganization(app.database.db);
    const rep = await signIn(app.url, local.rep);
    const admin = await signIn(app.url, local.admin);
    const before = await json(await admin.get(`/api/v1/users/${local.rep.id}`));
    const deactivated = await admin.patch(`/api/v1/users/${local.rep.id}`, {
      version: before.version,
      status: 'deactivated',
    });
    expect(deactivated.status).toBe(200);
    expect((await rep.get('/api/v1/me')).status).toBe(401);
    const again = await new TestClient(app.url).post('/api/v1/auth/login', {
      email: local.rep.email,
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(403);
    expect((await json(again)).code).toBe('no_membership');
    const current = await json(deactivated);
    expect(
      (await admin.patch(`/api/v1/users/${local.rep.id}`, { version: current.version, status: 'active' }))
        .status,
    ).toBe(200);
    await rep.login(local.rep.email, TEST_PASSWORD);
  });

  it('refuses sign-in to a suspended organization and ends its sessions', async () => {
    const local = await buildOrganization(app.database.db);
    const rep = await signIn(app.url, local.rep);
    await setTenantStatus(app.database.db, local.tenantId, 'suspended');
    expect((await rep.get('/api/v1/me')).status).toBe(403);
    const login = await new TestClient(app.url).post('/api/v1/auth/login', {
      email: local.rep.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(403);
    expect((await json(login)).code).toBe('tenant_suspended');
  });

  it('requires the CSRF header on unsafe requests made with the cookie', async () => {
    const client = await signIn(app.url, org.admin);
    const token = client.csrfToken;
    client.csrfToken = undefined;
    const refused = await client.post('/api/v1/teams', { name: 'No CSRF' });
    expect(refused.status).toBe(403);
    expect((await json(refused)).code).toBe('csrf_failed');
    client.csrfToken = 'forged';
    expect((await client.post('/api/v1/teams', { name: 'Forged CSRF' })).status).toBe(403);
    client.csrfToken = token;
    expect((await client.post('/api/v1/teams', { name: 'With CSRF' })).status).toBe(201);
  });

  it('switches between organizations the user belongs to, and to no other', async () => {
    const first = await buildOrganization(app.database.db);
    const second = await buildOrganization(app.database.db);
    const admin = await signIn(app.url, second.admin);
    const invited = await json(
      await admin.post('/api/v1/invitations', { email: first.rep.email, roleId: second.roles.sales_rep.id }),
    );
    const mail = await waitForEmail(app, first.rep.email, /invited/i);
    const joined = await new TestClient(app.url).post('/api/v1/invitations/accept', {
      token: tokenFrom(mail),
      name: 'Riley Rep',
      password: TEST_PASSWORD,
    });
    expect(joined.status).toBe(200);
    expect(invited.status).toBe('pending');
    const rep = await signIn(app.url, first.rep);
    const switched = await rep.post('/api/v1/auth/switch-tenant', { tenantId: second.tenantId });
    expect(switched.status).toBe(200);
    expect((await json(switched)).tenant).toMatchObject({ id: second.tenantId });
    expect((await json(await rep.get('/api/v1/me'))).tenant).toMatchObject({ id: second.tenantId });
    const elsewhere = await rep.post('/api/v1/auth/switch-tenant', { tenantId: org.tenantId });
    expect(elsewhere.status).toBe(404);
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const idle = await signIn(app.url, org.otherRep);
    const absolute = await signIn(app.url, org.otherRep);
    const age = (client: TestClient, values: Partial<typeof sessions.$inferInsert>) =>
      app.database.db.transaction({ tenantId: null, system: 'auth' }, (tx) =>
        tx
          .update(sessions)
          .set(values)
          .where(eq(sessions.tokenHash, hashToken(client.cookie!.split('=')[1]!))),
      );
    await age(idle, { lastSeenAt: new Date(Date.now() - (app.config.sessionIdleMinutes + 1) * 60_000) });
    await age(absolute, { expiresAt: new Date(Date.now() - 1_000) });
    expect((await idle.get('/api/v1/me')).status).toBe(401);
    expect((await absolute.get('/api/v1/me')).status).toBe(401);
  });

  it('audits sign-in, sign-out and password changes', async () => {
    const local = await buildOrganization(app.database.db);
    const rep = await signIn(app.url, local.rep);
    await rep.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    await rep.post('/api/v1/auth/logout');
    const admin = await signIn(app.url, local.admin);
    const log = await json<{ items: { action: string; actorId: string }[] }>(
      await admin.get(`/api/v1/audit-logs?actor=${local.rep.id}`),
    );
    expect(log.items.map((entry) => entry.action)).toEqual([
      'auth.signed_out',
      'user.password_changed',
      'auth.signed_in',
    ]);
  });

  it('lets a super admin sign in without an organization', async () => {
    const platform = await buildPlatformUser(app.database.db);
    const client = new TestClient(app.url);
    const body = await client.login(platform.email, TEST_PASSWORD);
    expect(body.tenant).toBeNull();
    expect(body.permissions).toContain('platform.view_all_tenants');
  });
});

describe('password reset', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    app = await startTestApp();
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('does the same work before answering for a known and an unknown email: one job, nothing looked up', async () => {
    const work = new Map<string, { queue: string; data: object }[]>();
    const send = app.queue.sendInTransaction.bind(app.queue);
    app.queue.sendInTransaction = (tx, queue, data) => {
      const requestId = currentContext()?.requestId ?? 'none';
      work.set(requestId, [...(work.get(requestId) ?? []), { queue, data }]);
      return send(tx, queue, data);
    };
    const workFor = async (email: string) => {
      const response = await new TestClient(app.url).post('/api/v1/auth/password-reset', { email });
      expect(response.status).toBe(202);
      return work.get(response.headers.get('x-request-id')!);
    };
    try {
      expect(await workFor(org.rep.email)).toEqual([
        { queue: 'auth.password_reset', data: { email: org.rep.email } },
      ]);
      expect(await workFor('ghost@nowhere.test')).toEqual([
        { queue: 'auth.password_reset', data: { email: 'ghost@nowhere.test' } },
      ]);
    } finally {
      app.queue.sendInTransaction = send;
    }
  });

  it('answers the same for known and unknown emails, and emails only the known one', async () => {
    const known = await new TestClient(app.url).post('/api/v1/auth/password-reset', {
      email: org.manager.email,
    });
    const unknown = await new TestClient(app.url).post('/api/v1/auth/password-reset', {
      email: 'ghost@nowhere.test',
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await json(known)).toEqual(await json(unknown));
    const mail = await waitForEmail(app, org.manager.email, /reset/i);
    expect(mail.html).toContain('reset-password?token=');
    expect((await app.outbox()).some((message) => JSON.stringify(message.to).includes('ghost@'))).toBe(false);
  });

  it('sets a new password with the emailed token once, revoking sessions; the token cannot be reused', async () => {
    const session = await signIn(app.url, org.rep);
    await new TestClient(app.url).post('/api/v1/auth/password-reset', { email: org.rep.email });
    const mail = await waitForEmail(app, org.rep.email, /reset/i);
    const token = tokenFrom(mail);
    const confirm = () =>
      new TestClient(app.url).post('/api/v1/auth/password-reset/confirm', {
        token,
        password: 'my new long passphrase',
      });
    expect((await confirm()).status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    await new TestClient(app.url).login(org.rep.email, 'my new long passphrase');
    const reused = await confirm();
    expect(reused.status).toBe(400);
    expect((await json(reused)).detail).toMatch(/already used/);
    const forged = await new TestClient(app.url).post('/api/v1/auth/password-reset/confirm', {
      token: `${token}x`,
      password: 'whatever long enough',
    });
    expect(forged.status).toBe(400);
  });

  it('refuses a weak new password with the field named', async () => {
    const response = await new TestClient(app.url).post('/api/v1/auth/password-reset/confirm', {
      token: 'x'.repeat(43),
      password: 'short',
    });
    expect(response.status).toBe(422);
    expect((await json(response)).errors).toEqual([
      { path: 'body.password', message: 'must be at least 10 characters' },
    ]);
  });
});
