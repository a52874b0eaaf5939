/**
 * The Slack bot: `@slack/bolt` in HTTP mode behind the service's Koa routes. Every request's signature
 * is checked first (a bad one, or one older than five minutes, is a 401 and nothing runs); Slack gets its
 * acknowledgement as soon as a listener acks (its deadline is three seconds) and the work goes on after;
 * a retry of an event already taken (`X-Slack-Retry-Num`) is acknowledged and dropped.
 *
 * A person is found by their Slack account; an unknown one is linked by the email Slack verified
 * (`users.info`). Direct messages, mentions, `/closer`, the "Log to Closer" message shortcut and the
 * "New task" global shortcut (a modal) all go to the assistant core; the reply's buttons (Undo, Confirm,
 * Cancel) come back as block actions; App Home shows the member's tasks and pipeline.
 */
import {
  App,
  LogLevel,
  verifySlackRequest,
  type Logger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { KnownBlock, View } from '@slack/types';
import { WebClient } from '@slack/web-api';
import {
  notice,
  SENTENCES,
  type Account,
  type ChatDirectory,
  type ChatNotification,
  type Member,
  type Reply,
  type ReplyActionName,
  type Workspace,
} from '../core/directory.js';
import { header, type BotLogger, type HttpAnswer, type HttpRequest } from '../core/http.js';
import { createPacer } from '../core/pacer.js';
import { notificationToSlack, SLACK_ACTION_PREFIX, slackEscape, toSlackMessage } from '../core/render.js';

export interface SlackSettings {
  signingSecret: string | undefined;
  apiUrl: string;
}

export interface SlackBot {
  /** `POST /slack/events`: events, slash commands, interactivity and options. */
  handle(request: HttpRequest): Promise<HttpAnswer>;
  /** The notification channel the service registers (DMs to linked members). */
  channel: {
    platform: 'slack';
    deliverToChat(
      user: { tenantId: string; userId: string },
      message: ChatNotification,
    ): Promise<'sent' | 'not_linked'>;
  };
  /** Waits for work still running after its acknowledgement (shutdown, tests). */
  settle(): Promise<void>;
}

/** How long Slack waits for an acknowledgement is 3 s; we answer before that whatever happens. */
const ACK_DEADLINE_MS = 2_500;
/** Event ids remembered to drop Slack's retries of an event already taken. */
const SEEN_EVENTS = 10_000;
const NEW_TASK_VIEW = 'closer_new_task';
/** How long a workspace's binding is remembered (an unbound workspace stops within this). */
const WORKSPACE_CACHE_MS = 10_000;

export function createSlackBot(options: {
  directory: ChatDirectory;
  settings: SlackSettings;
  logger: BotLogger;
}): SlackBot {
  const { directory, settings, logger } = options;
  const clients = new Map<string, WebClient>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) {
      // The Web API client retries 429s after their Retry-After and 5xx with backoff.
      client = new WebClient(token, {
        slackApiUrl: settings.apiUrl,
        logger: boltLogger(logger),
        retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
      });
      clients.set(token, client);
    }
    return client;
  };
  const paced = createPacer(1_000);
  // Workspaces (their decrypted tokens) for a few seconds: a burst of messages reads the database once.
  const workspaces = new Map<string, { workspace: Promise<Workspace | undefined>; until: number }>();
  const workspaceOf = (teamId: string) => {
    const cached = workspaces.get(teamId);
    if (cached && cached.until > Date.now()) return cached.workspace;
    const workspace = directory.workspace('slack', teamId);
    workspaces.set(teamId, { workspace, until: Date.now() + WORKSPACE_CACHE_MS });
    return workspace;
  };
  const running = new Set<Promise<unknown>>();
  const seen = new Set<string>();

  // Our own receiver: the service's HTTP server receives, this module checks and hands over.
  const receiver: Receiver = {
    init: () => undefined,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
  const bolt = new App({
    receiver,
    logger: boltLogger(logger),
    clientOptions: { slackApiUrl: settings.apiUrl },
    authorize: async ({ teamId, enterpriseId }) => {
      const workspace = await workspaceOf(teamId ?? enterpriseId ?? '');
      if (!workspace?.botToken) throw new Error(`workspace ${teamId ?? enterpriseId} is not connected`);
      return { botToken: workspace.botToken, botUserId: workspace.botUserId ?? undefined, teamId };
    },
  });

  /** The member behind a Slack user, linking them by their verified email the first time. */
  async function memberOf(
    client: WebClient,
    teamId: string,
    userId: string,
    dmChannel?: string,
  ): Promise<Member | { email: string | undefined }> {
    const account: Account = { platform: 'slack', workspaceId: teamId, externalUserId: userId };
    const known = await directory.member(account);
    if (known) {
      if (dmChannel) await directory.remember(known, { channel: dmChannel });
      return known;
    }
    const info = await client.users.info({ user: userId });
    const email = info.user?.profile?.email;
    const linked = email
      ? await directory.link(account, email, dmChannel ? { channel: dmChannel } : undefined)
      : undefined;
    return linked ?? { email };
  }

  function post(
    client: WebClient,
    channel: string,
    message: { text: string; blocks: KnownBlock[] },
    thread?: string,
  ) {
    return paced(channel, () =>
      client.chat.postMessage({ channel, ...message, ...(thread ? { thread_ts: thread } : {}) }),
    );
  }

  /** One message to the assistant, answered where it was written. */
  async function converse(input: {
    client: WebClient;
    teamId: string;
    userId: string;
    channel: string;
    text: string;
    thread?: string;
  }): Promise<void> {
    const dm = input.channel.startsWith('D') ? input.channel : undefined;
    const member = await memberOf(input.client, input.teamId, input.userId, dm);
    const reply: Reply =
      'userId' in member
        ? await directory.say(member, input.text, `slack:${input.channel}`)
        : notice(SENTENCES.noAccount(member.email));
    await post(input.client, input.channel, toSlackMessage(reply, directory.publicUrl), input.thread);
  }

  bolt.event('message', async ({ event, body, client }) => {
    // Direct messages from people only: not edits, joins, or the bot's own messages.
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
    if (!('text' in event) || !event.text || !('user' in event)) return;
    await converse({
      client,
      teamId: teamOf(body),
      userId: event.user,
      channel: event.channel,
      text: event.text,
    });
  });

  bolt.event('app_mention', async ({ event, body, client }) => {
    if (!event.user) return;
    const text = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
    if (!text) return;
    await converse({
      client,
      teamId: teamOf(body),
      userId: event.user,
      channel: event.channel,
      text,
      thread: event.thread_ts ?? event.ts,
    });
  });

  bolt.command('/closer', async ({ command, ack, respond, client }) => {
    await ack();
    const text = command.text.trim() || 'help';
    const member = await memberOf(client, command.team_id, command.user_id);
    const reply =
      'userId' in member
        ? await directory.say(member, text, `slack:${command.channel_id}`)
        : notice(SENTENCES.noAccount(member.email));
    await respond({ response_type: 'ephemeral', ...toSlackMessage(reply, directory.publicUrl) });
  });

  bolt.action(
    new RegExp(`^${SLACK_ACTION_PREFIX}(undo|confirm|cancel)$`),
    async ({ action, ack, body, respond, client }) => {
      await ack();
      if (action.type !== 'button' || !('action_id' in action) || !action.value) return;
      const name = action.action_id.slice(SLACK_ACTION_PREFIX.length) as ReplyActionName;
      const member = await memberOf(client, teamOf(body), body.user.id);
      const reply =
        'userId' in member
          ? await directory.press(member, action.value, name)
          : notice(SENTENCES.noAccount(member.email));
      await respond({ replace_original: true, ...toSlackMessage(reply, directory.publicUrl) });
    },
  );

  // Buttons that only open a link still send an action; it needs its acknowledgement.
  bolt.action('closer_open', async ({ ack }) => {
    await ack();
  });

  bolt.shortcut('log_to_closer', async ({ shortcut, ack, client }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const said = shortcut.message.text?.trim();
    if (!said) return;
    const member = await memberOf(client, shortcut.team?.id ?? '', shortcut.user.id);
    const reply =
      'userId' in member
        ? await directory.say(member, `logged a note: ${said}`, `slack:${shortcut.channel.id}`)
        : notice(SENTENCES.noAccount(member.email));
    await post(client, shortcut.user.id, toSlackMessage(reply, directory.publicUrl));
  });

  bolt.shortcut('new_task', async ({ shortcut, ack, client }) => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: newTaskView() });
  });

  bolt.view(NEW_TASK_VIEW, async ({ ack, view, body, client }) => {
    const values = view.state.values;
    const title = values.title?.title?.value?.trim() ?? '';
    if (!title) {
      await ack({ response_action: 'errors', errors: { title: 'Say what the task is' } });
      return;
    }
    await ack();
    const due = values.due?.due?.selected_date;
    const member = await memberOf(client, teamOf(body), body.user.id);
    const reply =
      'userId' in member
        ? await directory.say(member, `remind me to ${title}${due ? ` on ${due}` : ''}`, 'slack:new_task')
        : notice(SENTENCES.noAccount(member.email));
    await post(client, body.user.id, toSlackMessage(reply, directory.publicUrl));
  });

  bolt.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const member = await memberOf(client, teamOf(body), event.user);
    const blocks: KnownBlock[] = [];
    if ('userId' in member) {
      for (const [heading, question] of [
        ['My tasks', 'what are my tasks?'],
        ['My pipeline', 'show my pipeline'],
      ] as const) {
        const reply = await directory.say(member, question, 'slack:home');
        blocks.push({ type: 'header', text: { type: 'plain_text', text: heading } });
        blocks.push(...toSlackMessage(reply, directory.publicUrl).blocks);
      }
    } else {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: SENTENCES.noAccount(member.email) } });
    }
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: blocks.slice(0, 100) } });
  });

  // Links to Closer records show what they are to people who may see them (chat.unfurl).
  bolt.event('link_shared', async ({ event, body, client }) => {
    const member = await memberOf(client, teamOf(body), event.user);
    if (!('userId' in member)) return;
    const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
    for (const { url } of event.links) {
      const shown = await directory.unfurl(member, url);
      if (!shown) continue;
      unfurls[url] = {
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `*${slackEscape(shown.title)}*\n${slackEscape(shown.text)}` },
          },
        ],
      };
    }
    if (Object.keys(unfurls).length) {
      await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls });
    }
  });

  bolt.error((error) => {
    logger.error({ err: error }, 'slack listener failed');
    return Promise.resolve();
  });

  return {
    async handle(request) {
      if (!settings.signingSecret) {
        return { status: 503, body: { error: 'Slack is not configured (SLACK_SIGNING_SECRET)' } };
      }
      try {
        verifySlackRequest({
          signingSecret: settings.signingSecret,
          body: request.rawBody,
          headers: {
            'x-slack-signature': header(request, 'x-slack-signature') ?? '',
            'x-slack-request-timestamp': Number(header(request, 'x-slack-request-timestamp')),
          },
        });
      } catch {
        return { status: 401, body: { error: 'invalid or stale Slack signature' } };
      }
      const body = parseBody(request);
      if (!body) return { status: 400, body: { error: 'unreadable Slack payload' } };
      if (body.type === 'url_verification')
        return { status: 200, body: { challenge: String(body.challenge) } };
      const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
      if (eventId) {
        if (seen.has(eventId)) return { status: 200, headers: { 'x-slack-no-retry': '1' } };
        seen.add(eventId);
        if (seen.size > SEEN_EVENTS) seen.delete(seen.values().next().value!);
      }
      const retry = header(request, 'x-slack-retry-num');
      return dispatch(body, retry ? Number(retry) : undefined, header(request, 'x-slack-retry-reason'));
    },
    channel: {
      platform: 'slack',
      async deliverToChat(user, message) {
        const targets = (await directory.addressesOf(user.tenantId, user.userId, 'slack')).filter(
          (target) => target.workspace.botToken,
        );
        if (!targets.length) return 'not_linked';
        for (const target of targets) {
          const client = clientFor(target.workspace.botToken!);
          let channel = target.address && 'channel' in target.address ? target.address.channel : undefined;
          if (!channel) {
            const opened = await client.conversations.open({ users: target.externalUserId });
            channel = opened.channel?.id ?? target.externalUserId;
          }
          await post(client, channel, notificationToSlack(message));
        }
        return 'sent';
      },
    },
    async settle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };

  /** Hands the payload to Bolt; answers with the first ack, or 200 at the deadline, work continuing. */
  async function dispatch(
    body: Record<string, unknown>,
    retryNum: number | undefined,
    retryReason: string | undefined,
  ): Promise<HttpAnswer> {
    let acked!: (answer: HttpAnswer) => void;
    const acknowledged = new Promise<HttpAnswer>((resolve) => (acked = resolve));
    const event: ReceiverEvent = {
      body,
      retryNum,
      retryReason,
      ack: (response?: unknown) => {
        acked(answerOf(response));
        return Promise.resolve();
      },
    };
    const work = bolt.processEvent(event).catch((error: unknown) => {
      logger.error({ err: error }, 'slack event failed');
    });
    running.add(work);
    void work.finally(() => running.delete(work));
    // Events expect nothing in the acknowledgement: answer at once, before any database work.
    if (body.type === 'event_callback') return { status: 200 };
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      acknowledged,
      work.then(() => ({ status: 200 })),
      new Promise<HttpAnswer>((resolve) => {
        timer = setTimeout(() => resolve({ status: 200 }), ACK_DEADLINE_MS);
      }),
    ]);
    clearTimeout(timer);
    return answer;
  }
}

function answerOf(response: unknown): HttpAnswer {
  if (response === undefined || response === null || response === '') return { status: 200 };
  if (typeof response === 'string') return { status: 200, body: response };
  return { status: 200, body: response as Record<string, unknown> };
}

/** Events come as JSON; commands as a form; interactivity as a form with one JSON `payload`. */
function parseBody(request: HttpRequest): Record<string, unknown> | undefined {
  const type = header(request, 'content-type') ?? '';
  try {
    if (type.includes('application/json')) return JSON.parse(request.rawBody) as Record<string, unknown>;
    const form = Object.fromEntries(new URLSearchParams(request.rawBody));
    return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
  } catch {
    return undefined;
  }
}

function teamOf(body: unknown): string {
  const payload = body as { team_id?: string; team?: { id?: string } | null; user?: { team_id?: string } };
  return payload.team_id ?? payload.team?.id ?? payload.user?.team_id ?? '';
}

function newTaskView(): View {
  return {
    type: 'modal',
    callback_id: NEW_TASK_VIEW,
    title: { type: 'plain_text', text: 'New task' },
    submit: { type: 'plain_text', text: 'Create' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Task' },
        element: {
          type: 'plain_text_input',
          action_id: 'title',
          placeholder: { type: 'plain_text', text: 'Send the proposal to Acme' },
        },
      },
      {
        type: 'input',
        block_id: 'due',
        optional: true,
        label: { type: 'plain_text', text: 'Due' },
        element: { type: 'datepicker', action_id: 'due' },
      },
    ],
  };
}

/** Bolt's and the Web API's logger on ours (their chatter at debug). */
function boltLogger(logger: BotLogger): Logger {
  let level = LogLevel.INFO;
  const join = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...parts) => logger.debug({ source: 'slack' }, join(parts)),
    info: (...parts) => logger.debug({ source: 'slack' }, join(parts)),
    warn: (...parts) => logger.warn({ source: 'slack' }, join(parts)),
    error: (...parts) => logger.error({ source: 'slack' }, join(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
