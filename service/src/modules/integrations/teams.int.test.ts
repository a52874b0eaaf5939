/**
 * The assistant in Microsoft Teams, over the Bot Framework's real protocol: activities from
 * ../shared/testdata/teams/activities (same-shaped samples where absent, see chat-payloads.ts) posted to `/api/messages` with JWTs signed by a test key whose
 * OpenID metadata and JWKS are served on loopback; replies, card refreshes and proactive messages
 * captured by a loopback Bot Connector (the activities' `serviceUrl`). A wrong issuer, audience or
 * signature, or an expired token, is a 401 and nothing runs. And across platforms: a task a manager
 * assigns in Teams reaches the rep as a Slack DM.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { warmUp } from '@closer/nlp';
import { queryRows } from '../../core/db/database.js';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { slackPayloads, teamsPayloads } from '../../test/chat-payloads.js';
import { slackSignature, startSlackApi, type SlackApi } from '../../test/slack-api.js';
import {
  BOT_FRAMEWORK_ISSUER,
  startTeamsApi,
  type ConnectorCall,
  type TeamsApi,
} from '../../test/teams-api.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

const APP_ID = 'b9a3c5d2-7e41-4f0a-9c1d-3e5f7a9b1c2d';
const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MANAGER_TEAMS = '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ';
const MANAGER_AAD = '7faf8ab2-3d56-4244-b585-20c8a42ed2b8';
const SLACK_SECRET = 'slack-signing-secret-for-tests';
const SLACK_TEAM = { id: 'T06NRA6HM3P', name: 'Acme Sales', botUserId: 'U074G5E1ANR' };
const REP_SLACK = 'U06NU4E26M9';

interface CardBody {
  type: string;
  text?: string;
}
interface SentActivity {
  type: string;
  attachments?: {
    contentType: string;
    content: { body: CardBody[]; actions?: { verb?: string; data?: { turnId: string } }[] };
  }[];
}

const cardOf = (call: ConnectorCall) => (call.body as unknown as SentActivity).attachments?.[0]?.content;
const cardText = (card: { body: CardBody[] } | undefined) =>
  (card?.body ?? []).map((block) => block.text ?? '').join('\n');

describe('the assistant in Microsoft Teams', () => {
  let teams: TeamsApi;
  let slack: SlackApi;
  let app: TestApp;
  let org: TestOrganization;
  let admin: TestClient;
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    app.database.db.transaction({ tenantId: org.tenantId }, (tx) => queryRows<T>(tx, query));

  beforeAll(async () => {
    // The parser trains its classifier once per process; here, not inside the first message's wait.
    warmUp();
    teams = await startTeamsApi();
    slack = await startSlackApi(SLACK_TEAM);
    app = await startTestApp({
      env: {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'teams-app-password',
        TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
        TEAMS_TOKEN_URL: teams.tokenUrl,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
    });
    org = await buildOrganization(app.database.db, { name: 'Teamsy Corp' });
    admin = await signIn(app.url, org.admin);
    teams.members.set(MANAGER_TEAMS, { aadObjectId: MANAGER_AAD, email: org.manager.email, name: 'Morgan' });
    slack.users.set(REP_SLACK, { email: org.rep.email, name: 'riley' });
  });
  afterAll(async () => {
    await app?.close();
    await teams?.close();
    await slack?.close();
  });

  /** The real personal-chat message, from the manager, saying `text`, to our loopback connector. */
  function personalMessage(
    text: string,
  ): Record<string, unknown> & { conversation: Record<string, unknown> } {
    const activity = JSON.parse(teamsPayloads.personalMessage()) as Record<string, unknown> & {
      from: Record<string, unknown>;
      conversation: Record<string, unknown>;
    };
    return {
      ...activity,
      id: randomUUID(),
      text,
      serviceUrl: teams.serviceUrl,
      from: { ...activity.from, id: MANAGER_TEAMS, aadObjectId: MANAGER_AAD },
      recipient: { id: `28:${APP_ID}`, name: 'Closer' },
      channelData: { tenant: { id: ENTRA_TENANT } },
    };
  }

  function post(activity: Record<string, unknown>, token?: string) {
    const jwt = token ?? teams.sign({ aud: APP_ID, serviceurl: activity.serviceUrl });
    return app.request('/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify(activity),
    });
  }

  const sentToConversation = (call: ConnectorCall) =>
    call.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(call.path);

  it('binds the Entra tenant, and an Org Admin alone may', async () => {
    const rep = await signIn(app.url, org.rep);
    expect((await rep.post('/api/v1/integrations/teams/tenants', { tenantId: ENTRA_TENANT })).status).toBe(
      403,
    );
    const bound = await admin.post('/api/v1/integrations/teams/tenants', { tenantId: ENTRA_TENANT });
    expect(bound.status).toBe(201);
  });

  it('refuses a wrong issuer, audience or signature, and an expired token, with 401; nothing runs', async () => {
    const activity = personalMessage('remind me to call Jane tomorrow');
    const serviceurl = activity.serviceUrl;
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      teams.sign({ aud: APP_ID, serviceurl, iss: 'https://sts.windows.net/attacker/' }),
      teams.sign({ aud: 'another-bots-app-id', serviceurl }),
      teams.sign({ aud: APP_ID, serviceurl }, { key: teams.strangerKey }),
      teams.sign({ aud: APP_ID, serviceurl, nbf: now - 7200, exp: now - 3600 }),
      teams.sign({ aud: APP_ID, serviceurl: 'https://elsewhere.example/' }),
    ];
    for (const token of forged) expect((await post(activity, token)).status).toBe(401);
    expect((await post(activity, 'not-a-jwt')).status).toBe(401);
    expect(teams.calls.filter(sentToConversation)).toEqual([]);
    expect(await inDb(sql`select id from tasks`)).toEqual([]);
    expect(BOT_FRAMEWORK_ISSUER).toBe('https://api.botframework.com');
  });

  it('links the manager by their email and answers with an Adaptive Card, with a token from the token endpoint', async () => {
    const response = await post(personalMessage("what's due this week?"));
    expect(response.status).toBe(200);
    const [reply] = await teams.waitFor(sentToConversation);
    expect(reply!.authorization).toBe(`Bearer ${teams.accessToken}`);
    expect(cardText(cardOf(reply!))).toContain('You have no open tasks due');
    expect(await inDb(sql`select platform, external_user_id, user_id from chat_links`)).toEqual([
      { platform: 'teams', external_user_id: MANAGER_AAD, user_id: org.manager.id },
    ]);
  });

  it('a task the manager assigns in Teams reaches the rep as a Slack DM; Undo in the card takes it back', async () => {
    // The rep's Slack account is linked by their first message.
    await admin.post('/api/v1/integrations/slack/workspaces', {
      teamId: SLACK_TEAM.id,
      botToken: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
    });
    const slackMessage = JSON.parse(slackPayloads.message()) as {
      event: Record<string, unknown>;
    };
    Object.assign(slackMessage.event, {
      text: 'hi',
      user: REP_SLACK,
      channel: `D${REP_SLACK}`,
      channel_type: 'im',
    });
    const body = JSON.stringify(slackMessage);
    await app.request('/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...slackSignature(SLACK_SECRET, body) },
      body,
    });
    await slack.waitFor('chat.postMessage');

    const before = teams.calls.filter(sentToConversation).length;
    await post(personalMessage('create a task for Riley Rep to send the Acme proposal by Friday'));
    const replies = await teams.waitFor(sentToConversation, before + 1);
    const card = cardOf(replies.at(-1)!);
    expect(cardText(card)).toMatch(
      /Created the task "send the Acme proposal" for Riley Rep, due \d{4}-\d{2}-\d{2}\./,
    );
    const [task] = await inDb<{ id: string; created_by: string }>(
      sql`select id, created_by from tasks where deleted_at is null`,
    );
    expect(task!.created_by).toBe(org.manager.id);
    expect(await inDb(sql`select user_id from task_assignees where task_id = ${task!.id}`)).toEqual([
      { user_id: org.rep.id },
    ]);

    await app.drainEvents();
    const dms = await slack.waitFor('chat.postMessage', 2, 20_000);
    expect(dms.at(-1)!.body.channel).toBe(`D${REP_SLACK}`);
    expect(JSON.stringify(dms.at(-1)!.body.blocks)).toContain('send the Acme proposal');

    // Undo, pressed in the card: an Action.Execute invoke, answered by the refreshed card.
    const undo = card?.actions?.find((action) => action.verb === 'undo');
    expect(undo?.data?.turnId).toBeDefined();
    const invoke = JSON.parse(teamsPayloads.cardAction()) as Record<string, unknown> & { from: object };
    const pressed = await post({
      ...invoke,
      serviceUrl: teams.serviceUrl,
      from: { ...invoke.from, id: MANAGER_TEAMS, aadObjectId: MANAGER_AAD },
      channelData: { tenant: { id: ENTRA_TENANT } },
      conversation: personalMessage('').conversation,
      value: {
        action: { type: 'Action.Execute', verb: 'undo', data: { turnId: undo!.data!.turnId } },
        trigger: 'manual',
      },
    });
    expect(pressed.status).toBe(200);
    const refreshed = (await pressed.json()) as {
      statusCode: number;
      type: string;
      value: { body: CardBody[] };
    };
    expect(refreshed).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(refreshed.value)).toMatch(/undone|took back|Undid/i);
    expect(await inDb(sql`select id from tasks where deleted_at is null`)).toEqual([]);
  });

  it('tells the manager of a task assigned to them with a proactive message in their personal chat', async () => {
    const before = teams.calls.filter(sentToConversation).length;
    const task = await admin.post('/api/v1/tasks', {
      title: 'Review the Q3 forecast',
      assigneeIds: [org.manager.id],
    });
    expect(task.status).toBe(201);
    await app.drainEvents();
    const sent = await teams.waitFor(sentToConversation, before + 1);
    const proactive = sent.at(-1)!;
    expect(proactive.authorization).toBe(`Bearer ${teams.accessToken}`);
    expect(proactive.path).toContain(
      encodeURIComponent(personalMessage('').conversation.id as string).slice(0, 20),
    );
    expect(cardText(cardOf(proactive))).toContain('Review the Q3 forecast');
  });

  it('answers an @mention in a channel, without the mention in what it reads', async () => {
    const mention = JSON.parse(teamsPayloads.channelMention()) as Record<string, unknown> & { from: object };
    const before = teams.calls.filter(sentToConversation).length;
    const response = await post({
      ...mention,
      serviceUrl: teams.serviceUrl,
      from: { ...mention.from, id: MANAGER_TEAMS, aadObjectId: MANAGER_AAD },
      channelData: { ...(mention.channelData as object), tenant: { id: ENTRA_TENANT } },
      text: `${(mention.entities as { type: string; text?: string }[]).find((entity) => entity.type === 'mention')?.text ?? ''} what are my tasks?`,
    });
    expect(response.status).toBe(200);
    const replies = await teams.waitFor(sentToConversation, before + 1);
    expect(cardText(cardOf(replies.at(-1)!))).toContain('Review the Q3 forecast');
  });

  it('a Teams tenant nobody bound gets told so, and nothing changes', async () => {
    const before = teams.calls.filter(sentToConversation).length;
    const tasksBefore = await inDb(sql`select id from tasks where deleted_at is null`);
    const stranger = {
      ...personalMessage('remind me to call Jane tomorrow'),
      channelData: { tenant: { id: randomUUID() } },
    };
    expect((await post(stranger)).status).toBe(200);
    const replies = await teams.waitFor(sentToConversation, before + 1);
    expect(cardText(cardOf(replies.at(-1)!))).toContain('not connected to a Closer organization');
    expect(await inDb(sql`select id from tasks where deleted_at is null`)).toEqual(tasksBefore);
    const json_ = await json<{ items: unknown[] }>(await admin.get('/api/v1/integrations/teams/tenants'));
    expect(json_.items).toHaveLength(1);
  });
});
