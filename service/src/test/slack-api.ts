/**
 * Slack's side of the wire for tests: a recording server on loopback that answers the Web API methods
 * the bot calls (as `SLACK_API_URL`) and the `response_url`s of commands and buttons, plus the signing
 * of requests into `/slack/events` exactly as Slack signs them (v0 HMAC-SHA256 of `v0:<ts>:<body>`).
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestBody, waitForCalls } from './loopback.js';

export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `respond:<id>` for a response_url. */
  method: string;
  token: string | undefined;
  body: Record<string, unknown>;
}

export interface SlackApi {
  url: string;
  apiUrl: string;
  calls: SlackCall[];
  /** A response_url the server records under `respond:<id>`. */
  responseUrl(id: string): string;
  /** Who `users.info` says a user is. */
  users: Map<string, { email: string; name: string }>;
  /** Answers the next call of `method` with 429 and `Retry-After: seconds`. */
  throttleNext(method: string, seconds: number): void;
  /** Resolves when `count` calls of `method` have been recorded. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

export async function startSlackApi(team: {
  id: string;
  name: string;
  botUserId: string;
}): Promise<SlackApi> {
  const calls: SlackCall[] = [];
  const users = new Map<string, { email: string; name: string }>();
  const throttled = new Map<string, number>();
  let ts = 1_700_000_000;

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: team.id, team: team.name, user_id: team.botUserId, bot_id: 'B0BOT' };
      case 'users.info': {
        const user = users.get(String(body.user));
        return user
          ? { ok: true, user: { id: body.user, name: user.name, profile: { email: user.email } } }
          : { ok: true, user: { id: body.user, name: 'someone', profile: {} } };
      }
      case 'oauth.v2.access':
        return body.code === 'good-code' && body.client_secret
          ? {
              ok: true,
              access_token: `xoxb-installed-${team.id}-0000000000`,
              token_type: 'bot',
              bot_user_id: team.botUserId,
              team: { id: team.id, name: team.name },
            }
          : { ok: false, error: 'invalid_code' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'chat.postMessage':
        ts += 1;
        return { ok: true, channel: body.channel, ts: `${ts}.000100` };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      // The Web API client sends blocks, views and the like as JSON strings in the form.
      const body = await requestBody(request, (value) => (/^[[{]/.test(value) ? JSON.parse(value) : value));
      const respond = /^\/respond\/(.+)$/.exec(path);
      const method = respond ? `respond:${respond[1]}` : path.replace(/^\/api\//, '');
      const seconds = throttled.get(method);
      if (seconds !== undefined) {
        throttled.delete(method);
        response.writeHead(429, { 'retry-after': String(seconds), 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const token =
        request.headers.authorization?.replace(/^Bearer /, '') ?? (body.token as string | undefined);
      if (method === 'auth.test' && token?.includes('unverifiable')) {
        response.writeHead(503, { 'content-type': 'text/html' });
        response.end('<html>Slack is having trouble</html>');
        return;
      }
      calls.push({ method, token, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(respond ? { ok: true } : answer(method, body)));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    users,
    responseUrl: (id) => `${url}/respond/${id}`,
    throttleNext(method, seconds) {
      throttled.set(method, seconds);
    },
    waitFor: (method, count = 1, timeoutMs = 20_000) =>
      waitForCalls(calls, (call) => call.method === method, {
        count,
        timeoutMs,
        describe: (found) =>
          `Slack saw ${found} ${method} call(s), expected ${count}: ${JSON.stringify(calls.map((c) => c.method))}`,
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Slack's request signature headers for `body` at `timestamp` (seconds). */
export function slackSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}
