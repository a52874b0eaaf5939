/**
 * Web push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm body (RFC 8291): `web-push` signs and
 * encrypts, and the request goes out with fetch (so a loopback push service on http works in tests).
 */
import webpush from 'web-push';
import type { NotificationSecrets } from './notification-secrets.js';

/** A push message body must fit in one 4096-byte record; the JSON stays well under it. */
export const MAX_PUSH_JSON_BYTES = 3_000;

export interface PushMessage {
  title: string;
  body: string;
  link: string | null;
  kind: string;
  notificationId: string;
}

/** The longest cut of `field` (with an ellipsis) that makes `message` fit, found by bisection. */
function cut(message: PushMessage, field: 'title' | 'body'): PushMessage {
  const full = message[field];
  const fits = (length: number) =>
    Buffer.byteLength(JSON.stringify({ ...message, [field]: `${full.slice(0, length)}…` })) <=
    MAX_PUSH_JSON_BYTES;
  let low = 0;
  let high = full.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return { ...message, [field]: `${full.slice(0, low)}…` };
}

/** The JSON a service worker receives, with the body (then the title) cut to fit. */
export function pushPayload(message: PushMessage): string {
  const size = (value: PushMessage) => Buffer.byteLength(JSON.stringify(value));
  let fitted = message;
  if (size(fitted) > MAX_PUSH_JSON_BYTES)
    fitted = cut({ ...fitted, title: fitted.title.slice(0, 200) }, 'body');
  if (size(fitted) > MAX_PUSH_JSON_BYTES) fitted = cut(fitted, 'title');
  return JSON.stringify(fitted);
}

export type PushOutcome =
  { kind: 'sent' } | { kind: 'gone'; status: number } | { kind: 'failed'; status: number; reason: string };

export async function sendPush(input: {
  subscription: { endpoint: string; p256dh: string; auth: string };
  payload: string;
  secrets: NotificationSecrets;
  timeoutMs?: number;
}): Promise<PushOutcome> {
  const { subscription, secrets } = input;
  const details = webpush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
    input.payload,
    {
      vapidDetails: secrets.vapid,
      TTL: 24 * 60 * 60,
      contentEncoding: 'aes128gcm',
    },
  );
  const headers = Object.fromEntries(
    Object.entries(details.headers)
      .filter(([name]) => name.toLowerCase() !== 'content-length')
      .map(([name, value]) => [name, String(value)]),
  );
  const response = await fetch(details.endpoint, {
    method: details.method,
    headers,
    body: details.body ? new Uint8Array(details.body) : null,
    redirect: 'manual',
    signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
  });
  const reason = (await response.text().catch(() => '')).slice(0, 200);
  if (response.status >= 200 && response.status < 300) return { kind: 'sent' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone', status: response.status };
  return { kind: 'failed', status: response.status, reason };
}

/** Whether `endpoint` may be a push endpoint: https, or http on loopback when configured (tests). */
export function pushEndpointProblem(endpoint: string, allowLoopbackHttp: boolean): string | undefined {
  const url = new URL(endpoint);
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol === 'https:') return undefined;
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback && allowLoopbackHttp) return undefined;
  return 'must be an https URL of a push service';
}
