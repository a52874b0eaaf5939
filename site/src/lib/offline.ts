/**
 * This device's copy of Closer in IndexedDB, shared by the pages and the service worker: what a page
 * last loaded (offline reading), the outbox of edits made offline (`outbox.ts`, `replay.ts`), and the
 * session's CSRF token for the service worker's replays.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface CachedRead {
  key: string;
  value: unknown;
  savedAt: string;
}

export type OutboxKind = 'task' | 'opportunity';

/** An edit waiting to reach the server, or one the server did not take as it was. */
export interface OutboxEntry {
  id?: number;
  kind: OutboxKind;
  recordId: string;
  /** What the record was called when edited (for the conflict panel). */
  label: string;
  /** The version the edit was made on. */
  baseVersion: number;
  patch: Record<string, unknown>;
  queuedAt: string;
  /** queued: to send; conflict: someone changed the record first; failed: refused for another reason. */
  state: 'queued' | 'conflict' | 'failed';
  /** On conflict: the record as the server has it now. */
  server?: Record<string, unknown> & { version: number };
  error?: string;
}

export interface CloserDB extends DBSchema {
  reads: { key: string; value: CachedRead };
  outbox: { key: number; value: OutboxEntry; indexes: { byRecord: string } };
  meta: { key: string; value: { key: string; value: string } };
}

const DB_NAME = 'closer';
const DB_VERSION = 2;
let database: Promise<IDBPDatabase<CloserDB>> | undefined;

export function offlineDb(): Promise<IDBPDatabase<CloserDB>> {
  database ??= openDB<CloserDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('reads')) db.createObjectStore('reads', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('outbox')) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        outbox.createIndex('byRecord', 'recordId');
      }
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  return database;
}

/** Where a value came from: the server now, or this device's copy from `savedAt`. */
export interface Read<T> {
  value: T;
  fromCache: boolean;
  savedAt: string;
}

/**
 * Loads from the server and keeps a copy under `key` (`tasks:list:<query>`, `opportunity:<id>`);
 * when the server cannot be reached, answers the copy, if there is one.
 */
export async function cachedRead<T>(key: string, load: () => Promise<T>): Promise<Read<T>> {
  try {
    const value = await load();
    const savedAt = new Date().toISOString();
    await (await offlineDb()).put('reads', { key, value, savedAt }).catch(() => undefined);
    return { value, fromCache: false, savedAt };
  } catch (error) {
    const offline = !navigator.onLine || (error instanceof Error && /offline|reached/i.test(error.message));
    const copy = offline ? await (await offlineDb()).get('reads', key).catch(() => undefined) : undefined;
    if (!copy) throw error;
    return { value: copy.value as T, fromCache: true, savedAt: copy.savedAt };
  }
}

/** Forgets this device's copies and unsent edits (signing out). */
export async function clearOfflineData(): Promise<void> {
  const db = await offlineDb();
  await Promise.all([db.clear('reads'), db.clear('outbox'), db.clear('meta')]);
}
