import type { z } from 'zod';
import type { OnlineRow, RealtimeEventRow } from './realtime.repo.js';
import type { PresenceOut, RealtimeEventName, RealtimeMessage } from './realtime.schema.js';

const iso = (value: Date | string) => new Date(value).toISOString();

/** An event as a WebSocket client receives it (its audience stays on the server). */
export function presentEvent(row: RealtimeEventRow): RealtimeMessage {
  return {
    id: Number(row.id),
    name: row.name as RealtimeEventName,
    data: row.payload,
    occurredAt: iso(row.created_at),
  };
}

export function presentPresence(row: OnlineRow): z.output<typeof PresenceOut> {
  return { userId: row.user_id, name: row.name, lastSeenAt: iso(row.last_seen_at) };
}
