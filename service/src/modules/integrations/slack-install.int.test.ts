/**
 * "Add to Slack" (OAuth v2): an Org Admin starts it, Slack's consent page comes back to
 * `/slack/oauth_redirect` with a code and the state Closer signed, and the workspace is connected with
 * the token Slack gave (`oauth.v2.access`, answered by the recording server). A forged state connects
 * nothing; a workspace connected to one organization cannot be taken by another.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { startSlackApi, type SlackApi } from '../../test/slack-api.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

const TEAM = { id: 'T0INSTALL', name: 'Initech Sales', botUserId: 'U0BOT' };

describe('the Slack install (OAuth v2)', () => {
  let slack: SlackApi;
  let app: TestApp;
  let org: TestOrganization;
  let admin: TestClient;

  beforeAll(async () => {
    slack = await startSlackApi(TEAM);
    app = await startTestApp({
      env: {
        SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests',
        SLACK_CLIENT_ID: '1234.5678',
        SLACK_CLIENT_SECRET: 'client-secret-for-tests',
        SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
        SLACK_API_URL: slack.apiUrl,
      },
    });
    org = await buildOrganization(app.database.db, { name: 'Installing Corp' });
    admin = await signIn(app.url, org.admin);
  });
  afterAll(async () => {
    await app?.close();
    await slack?.close();
  });

  /** A GET that does not follow redirects, as the client given. */
  const visit = (client: TestClient | undefined, path: string) =>
    fetch(`${app.url}${path}`, {
      redirect: 'manual',
      headers: client?.cookie ? { cookie: client.cookie } : {},
    });

  async function startInstall(client: TestClient): Promise<URL> {
    const response = await visit(client, '/slack/install');
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  it('sends an Org Admin to Slack with the scopes and a signed state; others may not start it', async () => {
    const consent = await startInstall(admin);
    expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(consent.searchParams.get('client_id')).toBe('1234.5678');
    expect(consent.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining(['chat:write', 'im:history', 'users:read.email', 'commands']),
    );
    expect(consent.searchParams.get('redirect_uri')).toBe('http://closer.test/slack/oauth_redirect');
    const rep = await signIn(app.url, org.rep);
    expect((await visit(rep, '/slack/install')).status).toBe(403);
    expect((await visit(undefined, '/slack/install')).status).toBe(401);
  });

  it('refuses a forged state and a refused code, connecting nothing', async () => {
    const state = (await startInstall(admin)).searchParams.get('state')!;
    const [payload] = state.split('.');
    const forged = `${payload}.${'A'.repeat(43)}`;
    const bad = await visit(
      undefined,
      `/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(forged)}`,
    );
    expect(bad.status).toBe(400);
    const refused = await visit(
      undefined,
      `/slack/oauth_redirect?code=bad-code&state=${encodeURIComponent(state)}`,
    );
    expect(refused.status).toBe(422);
    const list = await json<{ items: unknown[] }>(await admin.get('/api/v1/integrations/slack/workspaces'));
    expect(list.items).toEqual([]);
  });

  it('connects the workspace with the token Slack gives, encrypted, and audits it', async () => {
    const state = (await startInstall(admin)).searchParams.get('state')!;
    const back = await visit(
      undefined,
      `/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(state)}`,
    );
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('http://closer.test/?slack=connected');
    const exchange = slack.calls.filter((call) => call.method === 'oauth.v2.access').at(-1)!;
    expect(exchange.body).toMatchObject({ client_id: '1234.5678', code: 'good-code' });
    const list = await json<{ items: { externalId: string; name: string }[] }>(
      await admin.get('/api/v1/integrations/slack/workspaces'),
    );
    expect(list.items).toEqual([expect.objectContaining({ externalId: TEAM.id, name: TEAM.name })]);
    const [stored] = await app.database.db.transaction({ tenantId: org.tenantId }, (tx) =>
      queryRows<{ bot_token_cipher: string }>(tx, sql`select bot_token_cipher from chat_workspaces`),
    );
    expect(stored!.bot_token_cipher).not.toContain('xoxb');
    const audit = await json<{ items: { action: string }[] }>(
      await admin.get('/api/v1/audit-logs?action=chat_workspace.installed'),
    );
    expect(audit.items.map((entry) => entry.action)).toContain('chat_workspace.installed');

    // Reinstalling in the same organization renews the token; another organization cannot take it.
    const again = (await startInstall(admin)).searchParams.get('state')!;
    expect(
      (await visit(undefined, `/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(again)}`))
        .status,
    ).toBe(302);
    const other = await buildOrganization(app.database.db, { name: 'Other Corp' });
    const otherAdmin = await signIn(app.url, other.admin);
    const theirs = (await startInstall(otherAdmin)).searchParams.get('state')!;
    const taken = await visit(
      undefined,
      `/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(theirs)}`,
    );
    expect(taken.status).toBe(409);
  });

  it('binds a self-built app unverified when Slack cannot be asked', async () => {
    const other = await buildOrganization(app.database.db, { name: 'Offline Corp' });
    const otherAdmin = await signIn(app.url, other.admin);
    const bound = await otherAdmin.post('/api/v1/integrations/slack/workspaces', {
      teamId: 'T0OFFLINE',
      botToken: 'xoxb-unverifiable-0000000000-abcdefghij',
    });
    expect(bound.status).toBe(201);
    expect(await json(bound)).toMatchObject({ externalId: 'T0OFFLINE', name: 'T0OFFLINE' });
  });
});
