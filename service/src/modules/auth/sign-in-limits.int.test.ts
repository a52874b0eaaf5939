import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOrganization, TEST_PASSWORD, type TestOrganization } from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

describe('sign-in limits', () => {
  let app: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    // Behind one proxy, so each request can come from an address of the test's choosing; time stands
    // still, so the account's one-second delay holds however slowly the attempts follow each other.
    const stopped = new Date();
    app = await startTestApp({
      env: { TRUST_PROXY: '1' },
      signInLimits: { perAddress: 6, perAccountAndAddress: 3, slowAccountAfter: 8 },
      signInClock: () => stopped,
    });
    org = await buildOrganization(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  const signInFrom = (address: string, email: string, password = 'wrong password') =>
    new TestClient(app.url).request(
      'POST',
      '/api/v1/auth/login',
      { email, password },
      { 'x-forwarded-for': address },
    );

  it('lets the real user sign in from their address after failures at their account from many others', async () => {
    expect((await signInFrom('198.51.100.1', org.rep.email, TEST_PASSWORD)).status).toBe(200);
    const statuses = [];
    for (let n = 1; n <= 12; n++) statuses.push((await signInFrom(`203.0.113.${n}`, org.rep.email)).status);
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.slice(9)).toEqual([429, 429, 429]); // slowed down: one attempt a second, then two, ...
    expect((await signInFrom('198.51.100.1', org.rep.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('answers 429 to one address after its failures at an account, and to that address only', async () => {
    for (let n = 0; n < 3; n++) expect((await signInFrom('192.0.2.10', org.manager.email)).status).toBe(401);
    const refused = await signInFrom('192.0.2.10', org.manager.email, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(refused)).detail).toMatch(/for this account from your network/);
    expect((await signInFrom('192.0.2.11', org.manager.email, TEST_PASSWORD)).status).toBe(200);
    expect((await signInFrom('192.0.2.10', org.otherRep.email)).status).toBe(401);
  });

  it('does not count sign-ins that succeed against the address', async () => {
    for (let n = 0; n < 8; n++)
      expect((await signInFrom('192.0.2.20', org.admin.email, TEST_PASSWORD)).status).toBe(200);
    const statuses = [];
    for (const person of [org.otherRep, org.otherRep, org.otherRep, org.manager, org.manager, org.manager])
      statuses.push((await signInFrom('192.0.2.20', person.email)).status);
    expect(statuses).toEqual(Array(6).fill(401));
    const refused = await signInFrom('192.0.2.20', org.admin.email, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect((await json(refused)).detail).toMatch(/from your network/);
  });
});
