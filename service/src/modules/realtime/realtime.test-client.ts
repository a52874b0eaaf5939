import WebSocket from 'ws';
import type { RealtimeMessage } from './realtime.schema.js';

/** A WebSocket client for tests: keeps every message, waits for one by name or predicate. */
export interface RealtimeTestClient {
  ws: WebSocket;
  messages: RealtimeMessage[];
  /** The first message (already received or to come) matching; waits until the socket closes. */
  next(match: string | ((message: RealtimeMessage) => boolean)): Promise<RealtimeMessage>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function connectRealtime(
  baseUrl: string,
  options: {
    cookie?: string;
    bearer?: string;
    origin?: string;
    query?: string;
    headers?: Record<string, string>;
  } = {},
): RealtimeTestClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws${options.query ?? ''}`, {
    headers,
    ...(options.origin && { origin: options.origin }),
  });
  const messages: RealtimeMessage[] = [];
  const waiting = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as RealtimeMessage);
    for (const wake of waiting) wake();
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString('utf8') });
      for (const wake of waiting) wake();
    }),
  );
  const matches = (match: string | ((message: RealtimeMessage) => boolean)) =>
    typeof match === 'string' ? (message: RealtimeMessage) => message.name === match : match;
  return {
    ws,
    messages,
    closed,
    next(match) {
      const test = matches(match);
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(test);
          if (found) {
            waiting.delete(check);
            resolve(found);
          } else if (ws.readyState === WebSocket.CLOSED) {
            waiting.delete(check);
            reject(
              new Error(
                `socket closed before the message; got ${JSON.stringify(messages.map((m) => m.name))}`,
              ),
            );
          }
        };
        waiting.add(check);
        check();
      });
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}
