/// <reference lib="webworker" />
/** Background Sync: replays edits made offline when the browser is back online (`task-sync`, `opportunity-sync`). */
import { OUTBOX_CHANGED, replayOutbox, SYNC_TAGS } from '../lib/replay';

declare const self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

const TAGS = new Set<string>(Object.values(SYNC_TAGS));

async function replayAndTell(): Promise<void> {
  try {
    await replayOutbox();
  } finally {
    for (const client of await self.clients.matchAll({ type: 'window' }))
      client.postMessage({ type: OUTBOX_CHANGED });
  }
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  // A rejected promise tells the browser to try again later (StillOffline).
  if (TAGS.has(sync.tag)) sync.waitUntil(replayAndTell());
});
