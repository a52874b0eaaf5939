/**
 * Edits that work offline: `saveOrQueue` sends a task's or opportunity's change now, or keeps it in
 * the outbox when Closer cannot be reached; Background Sync (or the page, when the browser has no
 * Background Sync) sends it later. A change someone overtook waits as a conflict for the person to
 * choose: theirs or mine.
 */
import { ApiError, api, currentCsrfToken, unwrap } from './api';
import { offlineDb, type OutboxEntry, type OutboxKind } from './offline';
import { CSRF_META_KEY, OUTBOX_CHANGED, replayOutbox, sendEntry, StillOffline, SYNC_TAGS } from './replay';

export type { OutboxEntry } from './offline';

const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('closer-outbox');
const listeners = new Set<() => void>();

function changed(tellOthers = true): void {
  for (const listener of listeners) listener();
  if (tellOthers) channel?.postMessage(OUTBOX_CHANGED);
}

/** Calls `listener` whenever the outbox changes (here, in another tab, or in the service worker). */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function outboxEntries(): Promise<OutboxEntry[]> {
  return (await offlineDb()).getAll('outbox');
}

type SyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

interface Editable {
  id: string;
  version: number;
}

async function patch<T>(kind: OutboxKind, record: Editable, change: Record<string, unknown>): Promise<T> {
  const body = { ...change, version: record.version } as never;
  const params = { path: { id: record.id } };
  const answer =
    kind === 'task'
      ? await unwrap(api.PATCH('/api/v1/tasks/{id}', { params, body }))
      : await unwrap(api.PATCH('/api/v1/opportunities/{id}', { params, body }));
  return answer as T;
}

async function queue(
  kind: OutboxKind,
  record: Editable & { label: string },
  change: Record<string, unknown>,
) {
  const db = await offlineDb();
  const csrf = currentCsrfToken();
  if (csrf) await db.put('meta', { key: CSRF_META_KEY, value: csrf });
  await db.add('outbox', {
    kind,
    recordId: record.id,
    label: record.label,
    baseVersion: record.version,
    patch: change,
    queuedAt: new Date().toISOString(),
    state: 'queued',
  });
  changed();
  // Background Sync is Chromium's; elsewhere `startOutbox` replays when the page is back online.
  const registration: SyncRegistration | undefined = await navigator.serviceWorker?.getRegistration();
  await registration?.sync?.register(SYNC_TAGS[kind]).catch(() => undefined);
}

/**
 * Saves a change to a task or opportunity: `{ saved }` with the server's record, or `{ queued: true }`
 * when offline. The server's refusals (validation, conflicts) throw as usual while online.
 */
export async function saveOrQueue<T>(
  kind: OutboxKind,
  record: Editable & { label: string },
  change: Record<string, unknown>,
): Promise<{ saved: T } | { queued: true }> {
  if (navigator.onLine) {
    try {
      return { saved: await patch<T>(kind, record, change) };
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 0)) throw error;
    }
  }
  await queue(kind, record, change);
  return { queued: true };
}

/** Sends what is queued now (back online, or on load); quietly waits when still offline. */
export async function replayNow(): Promise<void> {
  try {
    const outcome = await replayOutbox();
    if (outcome.sent + outcome.conflicts + outcome.failed > 0) changed();
  } catch (error) {
    if (!(error instanceof StillOffline)) throw error;
  }
}

/** The conflict's way out where mine wins: my change again, on the server's current version. */
export async function keepMine(entry: OutboxEntry): Promise<void> {
  if (!entry.server) throw new Error('This change has no server version to build on; discard it instead.');
  const result = await sendEntry(
    { ...entry, state: 'queued' },
    entry.server.version,
    currentCsrfToken() ?? undefined,
  );
  changed();
  if (result === 'conflict') throw new Error('It changed again meanwhile: compare once more.');
}

/** Drops a change (theirs wins, or a refused change is given up). */
export async function discard(entry: OutboxEntry): Promise<void> {
  await (await offlineDb()).delete('outbox', entry.id!);
  changed();
}

let started = false;

/** Replays on `online` and on load (where Background Sync is missing, or was slower than the person). */
export function startOutbox(): void {
  if (started) return;
  started = true;
  addEventListener('online', () => void replayNow());
  channel?.addEventListener('message', () => changed(false));
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === OUTBOX_CHANGED) changed(false);
  });
  if (navigator.onLine) void replayNow();
}
