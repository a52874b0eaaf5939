import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';

const EVERY_MS = 15_000;
/** A session or key seen within this long needs no new mark. */
const FRESH_MS = 60_000;

/**
 * Marks sessions and API keys as used, off the request path: marks collect in memory and are written in
 * one statement per kind (per organization for keys) every few seconds, and when the process stops.
 */
export function createLastSeen(options: { db: Database; logger: Logger }) {
  const written = new Map<string, number>();
  const sessions = new Set<string>();
  const keysByTenant = new Map<string, Set<string>>();

  const due = (id: string, seenAt: Date | null | undefined) => {
    const last = Math.max(written.get(id) ?? 0, seenAt ? new Date(seenAt).getTime() : 0);
    if (Date.now() - last < FRESH_MS) {
      written.set(id, last);
      return false;
    }
    written.set(id, Date.now());
    return true;
  };

  const flush = async () => {
    const sessionIds = [...sessions];
    sessions.clear();
    const keys = [...keysByTenant];
    keysByTenant.clear();
    if (sessionIds.length) {
      await options.db.transaction({ tenantId: null, system: 'auth' }, (tx) =>
        tx.execute(sqlTouch('sessions', 'last_seen_at', sessionIds)),
      );
    }
    for (const [tenantId, ids] of keys) {
      await options.db.transaction({ tenantId }, (tx) =>
        tx.execute(sqlTouch('api_keys', 'last_used_at', [...ids])),
      );
    }
    if (written.size > 100_000) written.clear();
  };
  const timer = setInterval(() => {
    flush().catch((error: unknown) => options.logger.warn({ err: error }, 'could not record last use'));
  }, EVERY_MS);
  timer.unref();

  return {
    session(id: string, seenAt?: Date) {
      if (due(id, seenAt)) sessions.add(id);
    },
    apiKey(tenantId: string, id: string, usedAt?: Date | null) {
      if (!due(id, usedAt)) return;
      let ids = keysByTenant.get(tenantId);
      if (!ids) keysByTenant.set(tenantId, (ids = new Set()));
      ids.add(id);
    },
    async close() {
      clearInterval(timer);
      await flush().catch((error: unknown) =>
        options.logger.warn({ err: error }, 'could not record last use'),
      );
    },
  };
}

function sqlTouch(table: 'sessions' | 'api_keys', column: 'last_seen_at' | 'last_used_at', ids: string[]) {
  // The ids travel as one JSON parameter: Drizzle spreads a JS array into one parameter per element.
  return sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = now()
    where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
}
