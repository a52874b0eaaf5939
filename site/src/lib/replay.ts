/**
 * Sends the outbox's queued edits to the server, oldest first, one device-wide replay at a time (a Web
 * Lock, so the service worker's Background Sync and a page coming back online never send one twice).
 * Runs in pages and in the service worker: no DOM, no sessionStorage.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api-schema';
import { offlineDb, type OutboxEntry } from './offline';

export const SYNC_TAGS = { task: 'task-sync', opportunity: 'opportunity-sync' } as const;
export const CSRF_META_KEY = 'csrf';
/** What the service worker posts to pages after a replay changed the outbox. */
export const OUTBOX_CHANGED = 'closer:outbox-changed';

/** A replay stopped because the network is still not there: Background Sync tries again later. */
export class StillOffline extends Error {}

export type ReplayOutcome = { sent: number; conflicts: number; failed: number };

function client(csrf: string | undefined) {
  const api = createClient<paths>({ baseUrl: self.location.origin, credentials: 'same-origin' });
  api.use({
    onRequest({ request }) {
      if (csrf) request.headers.set('X-CSRF-Token', csrf);
      return request;
    },
  });
  return api;
}

type Api = ReturnType<typeof client>;

/** PATCHes one entry's change on `version`; the answer's status and body. */
async function send(api: Api, entry: OutboxEntry, version: number) {
  const body = { ...entry.patch, version };
  const params = { path: { id: entry.recordId } };
  // The outbox holds fields as the forms produced them; the server validates them again.
  return entry.kind === 'task'
    ? api.PATCH('/api/v1/tasks/{id}', { params, body: body as never })
    : api.PATCH('/api/v1/opportunities/{id}', { params, body: body as never });
}

async function current(api: Api, entry: OutboxEntry) {
  const params = { params: { path: { id: entry.recordId } } };
  const answer =
    entry.kind === 'task'
      ? await api.GET('/api/v1/tasks/{id}', params)
      : await api.GET('/api/v1/opportunities/{id}', params);
  return answer.data as (Record<string, unknown> & { version: number }) | undefined;
}

function problemText(error: unknown, status: number): string {
  if (error && typeof error === 'object') {
    const problem = error as {
      detail?: string;
      title?: string;
      errors?: { path: string; message: string }[];
    };
    const fields = problem.errors?.map((item) => `${item.path}: ${item.message}`).join('; ');
    return [problem.detail ?? problem.title, fields].filter(Boolean).join(' (') + (fields ? ')' : '');
  }
  return `The server answered ${status}`;
}

/** Sends one entry on `version` and records the outcome in the outbox. */
export async function sendEntry(
  entry: OutboxEntry,
  version: number,
  csrf?: string,
): Promise<OutboxEntry['state'] | 'sent'> {
  const db = await offlineDb();
  const token = csrf ?? (await db.get('meta', CSRF_META_KEY))?.value;
  const api = client(token);
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(api, entry, version);
  } catch {
    throw new StillOffline('Closer cannot be reached');
  }
  const { response, error } = answer;
  if (response.ok) {
    await db.delete('outbox', entry.id!);
    return 'sent';
  }
  if (response.status === 409) {
    const server = await current(api, entry);
    await db.put('outbox', { ...entry, state: 'conflict', ...(server && { server }) });
    return 'conflict';
  }
  if (response.status >= 500 || response.status === 401)
    throw new StillOffline(`The server answered ${response.status}`);
  await db.put('outbox', { ...entry, state: 'failed', error: problemText(error, response.status) });
  return 'failed';
}

async function replayUnlocked(): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { sent: 0, conflicts: 0, failed: 0 };
  const db = await offlineDb();
  const queued = (await db.getAll('outbox')).filter((entry) => entry.state === 'queued');
  for (const entry of queued) {
    const result = await sendEntry(entry, entry.baseVersion);
    if (result === 'sent') outcome.sent++;
    else if (result === 'conflict') outcome.conflicts++;
    else outcome.failed++;
  }
  return outcome;
}

/** Replays every queued edit; throws `StillOffline` when the network (or server) is not back yet. */
export async function replayOutbox(): Promise<ReplayOutcome> {
  const locks = self.navigator.locks;
  return locks ? await locks.request('closer-outbox', replayUnlocked) : replayUnlocked();
}
