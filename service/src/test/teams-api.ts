/**
 * Microsoft's side of the wire for tests, on loopback: the Bot Framework's OpenID metadata and signing
 * keys (a test RSA key, endorsed for `msteams`), the token endpoint the bot gets its reply tokens from,
 * and a Bot Connector that records what the bot sends (the activities' `serviceUrl`). `sign` makes the
 * JWT a channel would send with an activity; its options forge the wrong ones.
 */
import { generateKeyPairSync, randomUUID, sign as rsaSign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestBody, waitForCalls } from './loopback.js';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface ConnectorCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface TeamsApi {
  url: string;
  /** The activities' serviceUrl (the recording connector). */
  serviceUrl: string;
  openIdMetadataUrl: string;
  tokenUrl: string;
  calls: ConnectorCall[];
  /** Who the connector says a conversation member is (`TeamsInfo.getMember`), by channel account id. */
  members: Map<string, { aadObjectId: string; email: string; name: string }>;
  /** The access token the token endpoint hands out. */
  accessToken: string;
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  /** A key of nobody's (a forged signature). */
  strangerKey: KeyObject;
  waitFor(
    predicate: (call: ConnectorCall) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

export async function startTeamsApi(): Promise<TeamsApi> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'closer-test-key';
  const jwk = publicKey.export({ format: 'jwk' });
  const calls: ConnectorCall[] = [];
  const members = new Map<string, { aadObjectId: string; email: string; name: string }>();
  const accessToken = `connector-${randomUUID()}`;
  let url = '';

  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const body = await requestBody(request);
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (path === '/openid') return send(200, { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${url}/jwks` });
      if (path === '/jwks')
        return send(200, { keys: [{ ...jwk, kid, use: 'sig', endorsements: ['msteams'] }] });
      if (path === '/token') {
        calls.push({ method: 'POST', path, authorization: undefined, body });
        return send(200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken });
      }
      calls.push({
        method: request.method ?? 'GET',
        path,
        authorization: request.headers.authorization,
        body,
      });
      const member = /\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (member) {
        const known = members.get(decodeURIComponent(member[1]!));
        return known
          ? send(200, {
              id: member[1],
              name: known.name,
              aadObjectId: known.aadObjectId,
              email: known.email,
              userPrincipalName: known.email,
            })
          : send(404, { error: { code: 'MemberNotFoundInConversation' } });
      }
      if (/\/v3\/conversations\/[^/]+\/activities/.test(path)) return send(200, { id: randomUUID() });
      return send(404, {});
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    serviceUrl: `${url}/connector/`,
    openIdMetadataUrl: `${url}/openid`,
    tokenUrl: `${url}/token`,
    calls,
    members,
    accessToken,
    strangerKey,
    sign(claims, options = {}) {
      const header = b64({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? kid });
      const now = Math.floor(Date.now() / 1000);
      const payload = b64({ iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, exp: now + 3600, ...claims });
      const signature = rsaSign('RSA-SHA256', Buffer.from(`${header}.${payload}`), options.key ?? privateKey);
      return `${header}.${payload}.${b64(signature)}`;
    },
    waitFor: (predicate, count = 1, timeoutMs = 20_000) =>
      waitForCalls(calls, predicate, {
        count,
        timeoutMs,
        describe: (found) =>
          `the connector saw ${found} matching call(s), expected ${count}: ${JSON.stringify(calls.map((c) => `${c.method} ${c.path}`))}`,
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
