import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOrganization, signIn, TEST_PASSWORD, type TestOrganization } from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** Signs in with a chosen X-Forwarded-For; answers the HTTP status. */
async function signInVia(app: TestApp, email: string, password: string, forwardedFor: string) {
  const response = await new TestClient(app.url).request(
    'POST',
    '/api/v1/auth/login',
    { email, password },
    { 'x-forwarded-for': forwardedFor },
  );
  return response.status;
}

/** The address the audit log recorded for the admin's latest sign-in. */
async function auditedSignInAddress(app: TestApp, org: TestOrganization): Promise<string | null> {
  const admin = await signIn(app.url, org.admin);
  const log = await json<{ items: { ip: string | null; actorId: string }[] }>(
    await admin.get(`/api/v1/audit-logs?action=auth.signed_in&actor=${org.rep.id}&limit=1`),
  );
  return log.items[0]?.ip ?? null;
}

describe('the client address without TRUST_PROXY', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    app = await startTestApp({ signInLimits: { perAddress: 3 } });
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records the connection address in the audit log, not a forged X-Forwarded-For', async () => {
    expect(await signInVia(app, org.rep.email, TEST_PASSWORD, '203.0.113.66')).toBe(200);
    expect(await auditedSignInAddress(app, org)).toBe('127.0.0.1');
  });

  it('limits sign-in failures by the connection address, whatever X-Forwarded-For each attempt claims', async () => {
    const statuses = [];
    for (let n = 1; n <= 4; n++)
      statuses.push(await signInVia(app, org.manager.email, 'wrong', `198.51.100.${n}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the client address with TRUST_PROXY=1', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    app = await startTestApp({ env: { TRUST_PROXY: '1' } });
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('records the address the one proxy saw: the last X-Forwarded-For entry, not the client-written ones', async () => {
    expect(await signInVia(app, org.rep.email, TEST_PASSWORD, '6.6.6.6, 203.0.113.9')).toBe(200);
    expect(await auditedSignInAddress(app, org)).toBe('203.0.113.9');
  });
});

describe('behind a TLS-terminating proxy (PUBLIC_URL is https, the socket is plain HTTP)', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    app = await startTestApp({ env: { PUBLIC_URL: 'https://closer.test' } });
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs in with a Secure cookie without needing X-Forwarded-Proto', async () => {
    const response = await new TestClient(app.url).post('/api/v1/auth/login', {
      email: org.rep.email,
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')?.toLowerCase()).toContain('; secure');
  });
});
