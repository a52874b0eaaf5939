import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';

/**
 * What WebSocket clients are sent, by name: the spec's `WebSocketEvents`, and a few Closer adds
 * (`task.created`, `opportunity.created`, `opportunity.updated`, `opportunity.prediction_changed`,
 * `system.announcement`, and the progress
 * of imports and exports, sent to the person who started them).
 */
export const REALTIME_EVENT_NAMES = [
  'task.created',
  'task.assigned',
  'task.updated',
  'task.completed',
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stage_changed',
  'opportunity.value_updated',
  'opportunity.assigned',
  'opportunity.prediction_changed',
  'notification.new',
  'notification.read',
  'user.online',
  'user.offline',
  'system.maintenance',
  'system.announcement',
  'import.progress',
  'import.completed',
  'import.undone',
  'export.progress',
  'export.completed',
] as const;
export type RealtimeEventName = (typeof REALTIME_EVENT_NAMES)[number];

/** The first message of every connection: its `id` is where a reconnect resumes from (null: no event yet). */
export const READY_MESSAGE = 'connection.ready';

/** One WebSocket message, as JSON: an event's id (for `?lastEventId=`), name, data and time. */
export interface RealtimeMessage {
  id: number | null;
  name: RealtimeEventName | typeof READY_MESSAGE;
  data: Record<string, unknown>;
  occurredAt: string;
}

/** `?lastEventId=`: the id of the last event a client saw; digits only, anything else is unknown. */
export function parseResumePoint(value: string | undefined): number | 'unknown' | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return 'unknown';
  return Number(value);
}

export const PresenceQuery = z.strictObject({ ...pageQuery });

export const PresenceOut = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    lastSeenAt: z.string().describe('Last heartbeat of one of their connections (every 30 s)'),
  })
  .meta({ id: 'Presence' });
