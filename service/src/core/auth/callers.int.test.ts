import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp, type App } from '../../app.js';
import { buildOrganization, setTenantStatus, signIn, type TestOrganization } from '../../test/factories.js';
import { TestClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { testServerUrl } from '../../test/test-database.js';
import type { Database } from '../db/database.js';
import { connectPostgres } from '../db/postgres.js';
import { createLogger } from '../logger.js';
import { listen, type RunningServer } from '../http/server.js';

interface Instance {
  app: App;
  server: RunningServer;
  db: Database;
  /** Scoped one-statement reads (`Database.read`) this instance made: how callers are resolved. */
  reads(): number;
}

/** A second Closer instance on the same database, with its own connections and its own caller cache. */
async function secondInstance(first: TestApp): Promise<Instance> {
  const db = first.database.ownerUrl
    ? connectPostgres({ ownerUrl: first.database.ownerUrl, poolMax: 3 })
    : first.database.db;
  let reads = 0;
  const counted: Database = Object.assign(Object.create(db) as Database, {
    read: (...args: Parameters<Database['read']>) => {
      reads += 1;
      return db.read(...args);
    },
  });
  const app = await createApp({
    config: first.config,
    db: counted,
    logger: createLogger({ level: 'silent' }),
    queue: first.queue,
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  return { app, server, db, reads: () => reads };
}

/** The same credentials sent to another instance. */
function on(client: TestClient, url: string): TestClient {
  const moved = new TestClient(url);
  moved.cookie = client.cookie;
  moved.csrfToken = client.csrfToken;
  moved.bearer = client.bearer;
  return moved;
}

/** Asks until the answer changes from 200, for at most a second (the cache itself keeps callers 5 s). */
async function statusOnceRevoked(client: TestClient, path: string): Promise<number> {
  const until = Date.now() + 1_000;
  let status = 200;
  while (status === 200 && Date.now() < until) {
    status = (await client.get(path)).status;
    if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return status;
}

describe('resolving callers', () => {
  let app: TestApp;
  let org: TestOrganization;
  let other: Instance;
  beforeAll(async () => {
    app = await startTestApp();
    org = await buildOrganization(app.database.db);
    other = await secondInstance(app);
  });
  afterAll(async () => {
    await other?.server.close(1_000);
    await other?.app.close();
    if (other && other.db !== app.database.db) await other.db.close();
    await app?.close();
  });

  it('resolves a caller with one read, and none once cached', async () => {
    const rep = on(await signIn(app.url, org.rep), other.server.url);
    const count = () => ({ reads: other.reads(), roundTrips: other.db.roundTrips() });
    const before = count();
    expect((await rep.get('/api/v1/teams')).status).toBe(200);
    const between = count();
    expect((await rep.get('/api/v1/teams')).status).toBe(200);
    const after = count();
    expect({ cold: between.reads - before.reads, warm: after.reads - between.reads }).toEqual({
      cold: 1,
      warm: 0,
    });
    // On PostgreSQL that read is one network round trip, and the list itself costs two: begin+select,
    // then the members query (a read-only commit is not waited for). PGlite runs in-process and counts none.
    const cold = between.roundTrips - before.roundTrips;
    const warm = after.roundTrips - between.roundTrips;
    const expected = testServerUrl() === undefined ? { cold: 0, warm: 0 } : { cold: 3, warm: 2 };
    expect({ cold, warm }).toEqual(expected);
  });

  it('a session signed out on one instance stops working on the other at once', async () => {
    const rep = await signIn(app.url, org.rep);
    const elsewhere = on(rep, other.server.url);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(200);
    expect((await rep.post('/api/v1/auth/logout')).status).toBe(204);
    expect(await statusOnceRevoked(elsewhere, '/api/v1/me')).toBe(401);
  });

  it('a suspended organization stops working on every instance at once', async () => {
    const target = await buildOrganization(app.database.db, { name: 'Soon Suspended' });
    const admin = await signIn(app.url, target.admin);
    const elsewhere = on(admin, other.server.url);
    expect((await admin.get('/api/v1/teams')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/teams')).status).toBe(200);
    await setTenantStatus(app.database.db, target.tenantId, 'suspended');
    expect(await statusOnceRevoked(admin, '/api/v1/teams')).toBe(403);
    expect(await statusOnceRevoked(elsewhere, '/api/v1/teams')).toBe(403);
  });

  it('a team manager who loses the role loses its permissions on every instance', async () => {
    const manager = await signIn(app.url, org.manager);
    const elsewhere = on(manager, other.server.url);
    expect(
      (await elsewhere.post(`/api/v1/teams/${org.teamId}/members`, { userId: org.otherRep.id })).status,
    ).toBe(200);
    await app.database.db.transaction({ tenantId: org.tenantId, platform: true }, async (tx) => {
      const { memberships } = await import('../db/schema.js');
      const { eq } = await import('drizzle-orm');
      await tx
        .update(memberships)
        .set({ roleId: org.roles.sales_rep.id })
        .where(eq(memberships.userId, org.manager.id));
    });
    const until = Date.now() + 1_000;
    let status = 200;
    while (status === 200 && Date.now() < until) {
      status = (await elsewhere.delete(`/api/v1/teams/${org.teamId}/members/${org.otherRep.id}`)).status;
    }
    expect(status).toBe(403);
  });
});
