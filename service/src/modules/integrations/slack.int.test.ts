/**
 * The assistant in Slack, over Slack's real protocol: requests built from real Slack payloads
 * (../shared/testdata/slack where present; same-shaped samples otherwise, see chat-payloads.ts), signed with the signing secret and posted to `/slack/events`; the Web API
 * and response_urls answered by a recording server on loopback. Forged, stale and replayed requests
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { warmUp } from '@closer/nlp';
import { queryRows } from '../../core/db/database.js';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { slackPayloads } from '../../test/chat-payloads.js';
import { slackSignature, startSlackApi, type SlackApi, type SlackCall } from '../../test/slack-api.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

const SECRET = 'slack-signing-secret-for-tests';
const TEAM = { id: 'T06NRA6HM3P', name: 'Acme Sales', botUserId: 'U074G5E1ANR' };
const TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const THE_SENTENCE = 'had a call with Jane at Acme, they want a proposal by Friday, deal is now 40k';
const REP_SLACK = 'U06NU4E26M9';
const STRANGER_SLACK = 'U0STRANGER';

interface Block {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
}

/** All the text a Slack message shows. */
const textOf = (call: SlackCall) =>
  ((call.body.blocks as Block[] | undefined) ?? []).map((block) => block.text?.text ?? '').join('\n');
const buttonsOf = (call: SlackCall) =>
  ((call.body.blocks as Block[] | undefined) ?? []).flatMap((block) => block.elements ?? []);

describe('the assistant in Slack', () => {
  let slack: SlackApi;
  let app: TestApp;
  let org: TestOrganization;
  let admin: TestClient;
  let rep: TestClient;
  let eventSeq = 0;
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    app.database.db.transaction({ tenantId: org.tenantId }, (tx) => queryRows<T>(tx, query));

  beforeAll(async () => {
    // The parser trains its classifier once per process; here, not inside the first message's wait.
    warmUp();
    slack = await startSlackApi(TEAM);
    app = await startTestApp({ env: { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl } });
    org = await buildOrganization(app.database.db, { name: 'Slacky Corp' });
    admin = await signIn(app.url, org.admin);
    rep = await signIn(app.url, org.rep);
    slack.users.set(REP_SLACK, { email: org.rep.email, name: 'riley' });
    slack.users.set(STRANGER_SLACK, { email: 'nobody@elsewhere.test', name: 'stranger' });
  });
  afterAll(async () => {
    await app?.close();
    await slack?.close();
  });

  /** Posts a body to /slack/events as Slack would, signed unless told otherwise. */
  async function deliver(
    body: string,
    options: { type?: string; headers?: Record<string, string>; signature?: Record<string, string> } = {},
  ) {
    return app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': options.type ?? 'application/json',
        ...(options.signature ?? slackSignature(SECRET, body)),
        ...options.headers,
      },
      body,
    });
  }

  /** A real message event, turned into a direct message from `user` saying `text`. */
  function directMessage(text: string, user = REP_SLACK, eventId = `Ev${++eventSeq}`): string {
    const payload = JSON.parse(slackPayloads.message()) as {
      event: Record<string, unknown>;
      event_id: string;
    };
    Object.assign(payload.event, { text, user, channel: `D${user}`, channel_type: 'im', blocks: [] });
    payload.event_id = eventId;
    return JSON.stringify(payload);
  }

  /** The real block_actions form body, pressing one of our buttons. */
  function buttonPress(actionId: string, turnId: string, responseId: string): string {
    const raw = slackPayloads.blockActions().replace(/^\uFEFF/, '');
    const payload = JSON.parse(new URLSearchParams(raw).get('payload')!) as Record<string, unknown>;
    Object.assign(payload, {
      user: { id: REP_SLACK, team_id: TEAM.id },
      team: { id: TEAM.id, domain: 'acme' },
      response_url: slack.responseUrl(responseId),
      actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value: turnId, action_ts: '1' }],
    });
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  function slashCommand(text: string, responseId: string): string {
    const form = new URLSearchParams(slackPayloads.command().trim());
    form.set('team_id', TEAM.id);
    form.set('user_id', REP_SLACK);
    form.set('command', '/closer');
    form.set('text', text);
    form.set('channel_id', 'C0SALES');
    form.set('response_url', slack.responseUrl(responseId));
    return form.toString();
  }

  it('connects the workspace with a bot token Slack vouches for, and keeps the token encrypted', async () => {
    const wrongTeam = await admin.post('/api/v1/integrations/slack/workspaces', {
      teamId: 'T0OTHER',
      botToken: TOKEN,
    });
    expect(wrongTeam.status).toBe(422);
    expect(await wrongTeam.text()).toContain(TEAM.id);
    const bound = await admin.post('/api/v1/integrations/slack/workspaces', {
      teamId: TEAM.id,
      botToken: TOKEN,
    });
    expect(bound.status).toBe(201);
    expect(await json(bound)).toMatchObject({ platform: 'slack', externalId: TEAM.id, name: TEAM.name });
    const [stored] = await inDb<{ bot_token_cipher: string }>(
      sql`select bot_token_cipher from chat_workspaces`,
    );
    expect(stored!.bot_token_cipher).not.toContain('xoxb');
    // Another organization cannot take the same workspace.
    const other = await buildOrganization(app.database.db, { name: 'Other Corp' });
    const otherAdmin = await signIn(app.url, other.admin);
    const taken = await otherAdmin.post('/api/v1/integrations/slack/workspaces', {
      teamId: TEAM.id,
      botToken: TOKEN,
    });
    expect(taken.status).toBe(409);
  });

  it('answers the URL verification challenge', async () => {
    const body = slackPayloads.challenge();
    const response = await deliver(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      challenge: (JSON.parse(body) as { challenge: string }).challenge,
    });
  });

  it('refuses forged and stale requests with 401, and nothing runs', async () => {
    const before = slack.calls.length;
    const body = directMessage('remind me to call Jane tomorrow');
    const forged = await deliver(body, { signature: slackSignature('not-the-secret', body) });
    expect(forged.status).toBe(401);
    const stale = await deliver(body, {
      signature: slackSignature(SECRET, body, Math.floor(Date.now() / 1000) - 301),
    });
    expect(stale.status).toBe(401);
    const tampered = await deliver(body.replace('tomorrow', 'today'), {
      signature: slackSignature(SECRET, body),
    });
    expect(tampered.status).toBe(401);
    await app.bots.settle();
    expect(slack.calls.length).toBe(before);
    expect(await inDb(sql`select id from tasks`)).toEqual([]);
  });

  let deal: { id: string };
  let turnId: string;

  it('logs the call, creates the task and updates the deal from one direct message, and says so with an Undo', async () => {
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Acme', ownerId: org.rep.id }),
    );
    await rep.post('/api/v1/contacts', { name: 'Jane Doe', customers: [{ customerId: customer.id }] });
    deal = await json<{ id: string }>(
      await rep.post('/api/v1/opportunities', {
        name: 'Acme platform',
        customerId: customer.id,
        ownerId: org.rep.id,
        amount: '25000',
      }),
    );

    const body = directMessage(THE_SENTENCE, REP_SLACK, 'EvTheSentence');
    const response = await deliver(body);
    expect(response.status).toBe(200);
    const [posted] = await slack.waitFor('chat.postMessage');
    expect(posted!.token).toBe(TOKEN);
    expect(posted!.body.channel).toBe(`D${REP_SLACK}`);
    expect(textOf(posted!)).toContain('Logged the call with Jane Doe at Acme.');
    expect(textOf(posted!)).toContain('Acme platform: amount 40,000 USD.');
    const [undo] = buttonsOf(posted!);
    expect(undo).toMatchObject({ action_id: 'closer_undo' });
    turnId = undo!.value!;

    expect(await inDb(sql`select type from interactions where deleted_at is null`)).toEqual([
      { type: 'call' },
    ]);
    expect(await inDb(sql`select title from tasks where deleted_at is null`)).toEqual([
      { title: 'proposal' },
    ]);
    expect(await inDb(sql`select amount::text from opportunities where id = ${deal.id}`)).toEqual([
      { amount: '40000.00' },
    ]);
    // Every change is the rep's, made through Slack.
    const vias = await inDb<{ via: string; actor_id: string; entity_type: string }>(
      sql`select distinct via, actor_id, entity_type from audit_logs where entity_type in ('interaction', 'task', 'opportunity')`,
    );
    expect(vias).toEqual(
      expect.arrayContaining(
        ['interaction', 'task', 'opportunity'].map((entity_type) => ({
          via: 'slack',
          actor_id: org.rep.id,
          entity_type,
        })),
      ),
    );

    // Slack retries the same event (it thought we were slow): acknowledged, not repeated.
    const retry = await deliver(body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await app.bots.settle();
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
    expect(await inDb(sql`select id from interactions where deleted_at is null`)).toHaveLength(1);
  });

  it('Undo, pressed in Slack, takes all three back and replaces the message', async () => {
    const response = await deliver(buttonPress('closer_undo', turnId, 'undo-1'), {
      type: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    const [replaced] = await slack.waitFor('respond:undo-1');
    expect(replaced!.body.replace_original).toBe(true);
    expect(textOf(replaced!)).toMatch(/undone|took back|Undid/i);
    expect(await inDb(sql`select id from interactions where deleted_at is null`)).toEqual([]);
    expect(await inDb(sql`select id from tasks where deleted_at is null`)).toEqual([]);
    expect(await inDb(sql`select amount::text from opportunities where id = ${deal.id}`)).toEqual([
      { amount: '25000.00' },
    ]);
  });

  it('answers /closer questions privately, and a question changes nothing', async () => {
    const before = await inDb(sql`select count(*)::int as n from audit_logs`);
    const response = await deliver(slashCommand("what's due this week?", 'cmd-1'), {
      type: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    const [answered] = await slack.waitFor('respond:cmd-1');
    expect(answered!.body.response_type).toBe('ephemeral');
    expect(textOf(answered!)).toContain('You have no open tasks due');
    expect(await inDb(sql`select count(*)::int as n from audit_logs`)).toEqual(before);
  });

  it('does not let a rep change a teammate’s deal by chat', async () => {
    const customer = await json<{ id: string }>(
      await admin.post('/api/v1/customers', { name: 'Globex', ownerId: org.otherRep.id }),
    );
    const theirs = await json<{ id: string }>(
      await admin.post('/api/v1/opportunities', {
        name: 'Globex expansion',
        customerId: customer.id,
        ownerId: org.otherRep.id,
        amount: '10000',
      }),
    );
    const posts = slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    await deliver(directMessage('Globex expansion deal is now 90k'));
    const answers = await slack.waitFor('chat.postMessage', posts + 1);
    expect(buttonsOf(answers.at(-1)!)).toEqual([]);
    // A deal the rep does not see is one the bot does not know: it asks which deal, as for one that does not exist.
    expect(textOf(answers.at(-1)!)).toContain("Tell me which deal, and I'll do the rest.");
    expect(await inDb(sql`select amount::text from opportunities where id = ${theirs.id}`)).toEqual([
      { amount: '10000.00' },
    ]);
  });

  it('unfurls links to the records the sharer may see, and no others', async () => {
    const [theirs] = await inDb<{ id: string }>(
      sql`select id from opportunities where name = 'Globex expansion'`,
    );
    const payload = JSON.parse(slackPayloads.linkShared()) as Record<string, unknown> & {
      event: Record<string, unknown>;
    };
    const links = [
      `http://closer.test/opportunities/${deal.id}`,
      `http://closer.test/opportunities/${theirs!.id}`,
      'https://example.com/elsewhere',
    ];
    // The shape sample leaves ids blank: fill in the workspace and the bot's authorization.
    delete payload.enterprise_id;
    Object.assign(payload, {
      type: 'event_callback',
      team_id: TEAM.id,
      event_id: 'EvLinks',
      authorizations: [
        { team_id: TEAM.id, user_id: TEAM.botUserId, is_bot: true, is_enterprise_install: false },
      ],
    });
    Object.assign(payload.event, {
      user: REP_SLACK,
      channel: 'C0SALES',
      message_ts: '1719209506.000200',
      links: links.map((url) => ({ domain: new URL(url).host, url })),
    });
    expect((await deliver(JSON.stringify(payload))).status).toBe(200);
    const [unfurl] = await slack.waitFor('chat.unfurl');
    expect(unfurl!.body).toMatchObject({ channel: 'C0SALES', ts: '1719209506.000200' });
    const unfurls = unfurl!.body.unfurls as Record<string, { blocks: Block[] }>;
    expect(Object.keys(unfurls)).toEqual([links[0]]);
    expect(unfurls[links[0]!]!.blocks[0]!.text!.text).toMatch(
      /^\*Acme platform \(Acme\)\*\n.*owned by Riley Rep/,
    );
  });

  it('tells someone without a Closer account how to get one, and links nobody', async () => {
    const posts = slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    await deliver(directMessage('remind me to call Jane tomorrow', STRANGER_SLACK));
    const answers = await slack.waitFor('chat.postMessage', posts + 1);
    expect(textOf(answers.at(-1)!)).toContain('nobody@elsewhere.test');
    expect(await inDb(sql`select external_user_id from chat_links`)).toEqual([
      { external_user_id: REP_SLACK },
    ]);
  });

  it('delivers a task a manager assigns as a DM to the linked rep', async () => {
    const manager = await signIn(app.url, org.manager);
    const posts = slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    const task = await manager.post('/api/v1/tasks', {
      title: 'Call Acme about the renewal',
      assigneeIds: [org.rep.id],
    });
    expect(task.status).toBe(201);
    await app.drainEvents();
    const delivered = await slack.waitFor('chat.postMessage', posts + 1, 20_000);
    const dm = delivered.at(-1)!;
    expect(dm.body.channel).toBe(`D${REP_SLACK}`);
    expect(textOf(dm)).toContain('Call Acme about the renewal');
  });
});
