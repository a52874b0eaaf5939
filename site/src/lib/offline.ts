/**
 * Offline reading: what a page last loaded of opportunities, customers and tasks is kept in IndexedDB,
 * and read from there when the network is not there. (Offline edits: the outbox, further down.)
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface CachedRead {
  key: string;
  value: unknown;
  savedAt: string;
}

interface CloserDB extends DBSchema {
  reads: { key: string; value: CachedRead };
}

const DB_NAME = 'closer';
const DB_VERSION = 1;
let database: Promise<IDBPDatabase<CloserDB>> | undefined;

export function offlineDb(): Promise<IDBPDatabase<CloserDB>> {
  database ??= openDB<CloserDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('reads')) db.createObjectStore('reads', { keyPath: 'key' });
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
    const offline = !navigator.onLine || (error instanceof Error && /offline|reach/i.test(error.message));
    const copy = offline ? await (await offlineDb()).get('reads', key).catch(() => undefined) : undefined;
    if (!copy) throw error;
    return { value: copy.value as T, fromCache: true, savedAt: copy.savedAt };
  }
}

/** Forgets this device's copies (signing out). */
export async function clearOfflineData(): Promise<void> {
  await (await offlineDb()).clear('reads');
}
