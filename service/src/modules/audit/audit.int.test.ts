import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildOrganization, buildPlatformUser, signIn, type TestPerson } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

interface Entry {
  id: string;
  tenantId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const NOT_A_RECORD = '01900000-0000-7000-8000-000000000000';
const withoutRequestId = (text: string) => text.replace(/"requestId":"[^"]*"/, '');

describe('audit log', () => {
  const suite = useOrganizationApp({ organizationName: 'Initech' });
  const teamIds: string[] = [];
  let platformPerson: TestPerson;
  let platform: TestClient;

  beforeAll(async () => {
    for (const name of ['North', 'South', 'Central']) {
      const created = await json<{ id: string }>(await suite.admin.post('/api/v1/teams', { name }));
      teamIds.push(created.id);
    }
    platformPerson = await buildPlatformUser(suite.app.database.db, 'support');
    platform = await signIn(suite.app.url, platformPerson);
  });

  it("lets an Org Admin page through their organization's log, newest first", async () => {
    const first = await json<Page>(await suite.admin.get('/api/v1/audit-logs?entity=team&limit=2'));
    expect(first.items.map((entry) => entry.entityId)).toEqual([teamIds[2], teamIds[1]]);
    expect(first.items.every((entry) => entry.tenantId === suite.org.tenantId)).toBe(true);
    expect(first.nextCursor).toBe(first.items[1]!.id);
    const rest = await json<Page>(
      await suite.admin.get(`/api/v1/audit-logs?entity=team&limit=2&cursor=${first.nextCursor}`),
    );
    expect(rest).toEqual({ items: [expect.objectContaining({ entityId: teamIds[0] })], nextCursor: null });
  });

  it('filters by entity id, action, actor and time', async () => {
    const byEntity = await json<Page>(await suite.admin.get(`/api/v1/audit-logs?entity=team:${teamIds[1]}`));
    expect(byEntity.items).toEqual([
      expect.objectContaining({ action: 'team.created', actorId: suite.org.admin.id, entityId: teamIds[1] }),
    ]);
    const byAction = await json<Page>(await suite.admin.get('/api/v1/audit-logs?action=team.created'));
    expect(byAction.items).toHaveLength(3);
    const byActor = await json<Page>(await suite.admin.get(`/api/v1/audit-logs?actor=${suite.org.rep.id}`));
    expect(byActor.items).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const fromFuture = await json<Page>(await suite.admin.get(`/api/v1/audit-logs?from=${future}`));
    expect(fromFuture.items).toEqual([]);
    const untilFuture = await json<Page>(
      await suite.admin.get(`/api/v1/audit-logs?entity=team&to=${future}&tenantId=${suite.org.tenantId}`),
    );
    expect(untilFuture.items).toHaveLength(3);
    const byVia = await json<Page>(await suite.admin.get('/api/v1/audit-logs?action=team.created&via=web'));
    const bySlack = await json<Page>(
      await suite.admin.get('/api/v1/audit-logs?action=team.created&via=slack'),
    );
    expect([byVia.items.length, bySlack.items.length]).toEqual([3, 0]);
  });

  it("answers another organization's log with the same 404 whether it exists or not", async () => {
    const other = await buildOrganization(suite.app.database.db);
    const existing = await suite.admin.get(`/api/v1/audit-logs?tenantId=${other.tenantId}`);
    const missing = await suite.admin.get(`/api/v1/audit-logs?tenantId=${NOT_A_RECORD}`);
    expect(existing.status).toBe(404);
    const [existingText, missingText] = [await existing.text(), await missing.text()];
    expect(JSON.parse(existingText)).toMatchObject({ code: 'audit_tenant_not_visible' });
    expect(withoutRequestId(existingText)).toBe(withoutRequestId(missingText));
  });

  it('answers a repeated or malformed filter with a 422 naming it', async () => {
    const problems = async (path: string) =>
      (await json<{ errors: { path: string }[] }>(await suite.admin.get(path))).errors.map((e) => e.path);
    expect(await problems('/api/v1/audit-logs?action=a&action=b')).toEqual(['query.action']);
    expect(await problems('/api/v1/audit-logs?entity=team%00')).toEqual(['query.entity']);
    expect(await problems('/api/v1/audit-logs?via=carrier-pigeon')).toEqual(['query.via']);
    expect(await problems('/api/v1/audit-logs?cursor=garbage&limit=0')).toEqual([
      'query.limit',
      'query.cursor',
    ]);
  });

  it('refuses a Sales Rep', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const response = await rep.get('/api/v1/audit-logs');
    expect(response.status).toBe(403);
  });

  it("lets platform staff read any organization's log, and puts each read on the platform's log", async () => {
    const other = await buildOrganization(suite.app.database.db);
    const named = await json<Page>(
      await platform.get(`/api/v1/audit-logs?tenantId=${suite.org.tenantId}&entity=team`),
    );
    expect(named.items.map((entry) => entry.entityId)).toEqual([...teamIds].reverse());
    expect(named.items.every((entry) => entry.tenantId === suite.org.tenantId)).toBe(true);
    const everywhere = await json<Page>(await platform.get('/api/v1/audit-logs?limit=500'));
    expect(everywhere.items.map((entry) => entry.tenantId)).toEqual(
      expect.arrayContaining([suite.org.tenantId, other.tenantId]),
    );
    const reads = await json<Page>(
      await platform.get(
        `/api/v1/platform/audit-logs?action=platform.audit_log_read&tenantId=${suite.org.tenantId}`,
      ),
    );
    expect(reads.items).toEqual([
      expect.objectContaining({
        tenantId: null,
        actorId: platformPerson.id,
        entityType: 'audit_log',
        after: expect.objectContaining({ tenantId: suite.org.tenantId, entity: 'team' }),
      }),
    ]);
    const ownReads = await json<Page>(
      await platform.get('/api/v1/platform/audit-logs?action=platform.platform_log_read'),
    );
    expect(ownReads.items[0]).toMatchObject({ actorId: platformPerson.id, entityType: 'platform_audit_log' });
  });

  it("keeps the platform's own log from organization members", async () => {
    expect((await suite.admin.get('/api/v1/platform/audit-logs')).status).toBe(403);
  });
});
