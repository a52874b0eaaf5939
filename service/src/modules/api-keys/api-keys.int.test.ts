import { describe, expect, it } from '@jest/globals';
import { buildOrganization, setTenantStatus, signIn } from '../../test/factories.js';
import { json, TestClient, type TestClient as Client } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

describe('API keys', () => {
  const suite = useOrganizationApp();

  const createKey = async (permissions: string[], client: Client = suite.admin) =>
    client.post('/api/v1/api-keys', { name: `key ${permissions.join('+')}`, permissions });

  /** Last use is recorded off the request path, every few seconds: wait for it to show in the list. */
  const lastUsedAt = async (id: string): Promise<string | null> => {
    for (let attempt = 0; ; attempt++) {
      const keys = await json<{ items: { id: string; lastUsedAt: string | null }[] }>(
        await suite.admin.get('/api/v1/api-keys'),
      );
      const seen = keys.items.find((key) => key.id === id)?.lastUsedAt ?? null;
      if (seen || attempt === 50) return seen;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  it('returns the secret once, stores it hashed, and lists the key by its visible prefix', async () => {
    const created = await createKey(['org.manage_users']);
    expect(created.status).toBe(201);
    const body = await json(created);
    const secret = body.secret as string;
    expect(secret).toMatch(/^ck_[0-9a-f]{12}_[\w-]{43}$/);
    const listed = await json(await suite.admin.get('/api/v1/api-keys'));
    const entry = (listed.items as Record<string, unknown>[]).find(
      (key) => key.id === (body.apiKey as { id: string }).id,
    )!;
    expect(entry.prefix).toBe(secret.slice(0, 15));
    expect(JSON.stringify(listed)).not.toContain(secret.slice(16));
  });

  it('authenticates with Bearer, holds only its permissions, records last use, and needs no CSRF header', async () => {
    const created = await json<{ secret: string; apiKey: { id: string } }>(
      await createKey(['org.manage_users']),
    );
    const client = TestClient.withKey(suite.app.url, created.secret);
    expect((await client.get('/api/v1/users')).status).toBe(200);
    expect((await client.post('/api/v1/teams', { name: 'Made by a key' })).status).toBe(201);
    expect(
      (await client.post('/api/v1/roles', { name: 'Nope', permissions: ['org.view_audit_logs'] })).status,
    ).toBe(403);
    const me = await json(await client.get('/api/v1/me'));
    expect(me).toMatchObject({ user: { id: suite.org.admin.id }, csrfToken: null });
    expect(await lastUsedAt(created.apiKey.id)).not.toBeNull();
    const log = await json(await suite.admin.get('/api/v1/audit-logs?entity=team'));
    expect((log.items as { via: string }[])[0]?.via).toBe('api');
  });

  it('can never hold a permission its creator lacks', async () => {
    const refused = await createKey(['org.manage_users', 'tasks.view_team_tasks']);
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({
      code: 'api_key_exceeds_creator',
      detail: expect.stringContaining('tasks.view_team_tasks'),
    });
  });

  it('stops working when revoked, and for a suspended organization', async () => {
    const created = await json<{ secret: string; apiKey: { id: string } }>(
      await createKey(['org.view_audit_logs']),
    );
    const client = TestClient.withKey(suite.app.url, created.secret);
    expect((await client.get('/api/v1/audit-logs')).status).toBe(200);
    expect((await suite.admin.delete(`/api/v1/api-keys/${created.apiKey.id}`)).status).toBe(200);
    expect((await client.get('/api/v1/audit-logs')).status).toBe(401);

    const other = await buildOrganization(suite.app.database.db);
    const otherAdmin = await signIn(suite.app.url, other.admin);
    const key = await json<{ secret: string }>(await createKey(['org.manage_users'], otherAdmin));
    await setTenantStatus(suite.app.database.db, other.tenantId, 'suspended');
    expect((await TestClient.withKey(suite.app.url, key.secret).get('/api/v1/users')).status).toBe(401);
  });

  it('refuses malformed and made-up keys with 401', async () => {
    for (const header of [
      'Bearer',
      'Bearer nonsense',
      'Basic abc',
      `Bearer ck_000000000000_${'a'.repeat(43)}`,
    ]) {
      const response = await fetch(`${suite.app.url}/api/v1/me`, { headers: { authorization: header } });
      expect({ header, status: response.status }).toEqual({ header, status: 401 });
    }
  });
});
