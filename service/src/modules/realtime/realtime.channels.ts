import type { WebSocket } from 'ws';
import type { Database } from '../../core/db/database.js';
import type { TenantActor } from '../../core/identity/actor.js';
import type { Logger } from '../../core/logger.js';
import { presentEvent } from './realtime.presenter.js';
import * as repo from './realtime.repo.js';
import { READY_MESSAGE, type RealtimeMessage } from './realtime.schema.js';

/** A socket further than this behind (bytes queued) is cut: it reconnects and resumes instead. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const PAGE = 500;

/** One open WebSocket. */
export interface Connection {
  ws: WebSocket;
  actor: TenantActor;
  credential: { kind: 'session' | 'apiKey'; value: string };
  /** `closer_access` names of the rows its caller was resolved from. */
  dependencies: string[];
  /** Answered the last ping. */
  alive: boolean;
  /** Caught up (resume done): receives live events. */
  live: boolean;
  closed: boolean;
}

/**
 * The connections of one organization on this process, and how far it has read the organization's
 * events. Everything that reads events for it (the live pump, a connection's resume) runs one after the
 * other on `chain`, so a resume hands over to live delivery with no gap and no duplicate.
 */
export interface TenantChannel {
  tenantId: string;
  byUser: Map<string, Set<Connection>>;
  size: number;
  /** The last event id read for this organization (ids commit in order per organization). */
  lastId: number;
  chain: Promise<void>;
  pumpQueued: boolean;
}

export function send(connection: Connection, message: string): void {
  const { ws } = connection;
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(message);
}

/** The organizations with connections here, their reads in order, and their fan-out. */
export function createChannels(options: { db: Database; logger: Logger }) {
  const { db, logger } = options;
  const channels = new Map<string, TenantChannel>();

  const enqueue = (channel: TenantChannel, work: () => Promise<void>) => {
    channel.chain = channel.chain
      .then(work)
      .catch((error: unknown) =>
        logger.error({ err: error, tenantId: channel.tenantId }, 'realtime fan-out failed'),
      );
    return channel.chain;
  };

  const read = <T>(tenantId: string, work: Parameters<Database['transaction']>[1]) =>
    db.transaction({ tenantId }, work, { readOnly: true }) as Promise<T>;

  function deliver(channel: TenantChannel, row: repo.RealtimeEventRow): void {
    let message: string | undefined;
    for (const userId of row.audience) {
      for (const connection of channel.byUser.get(userId) ?? []) {
        if (!connection.live) continue;
        message ??= JSON.stringify(presentEvent(row));
        send(connection, message);
      }
    }
  }

  /** Reads and fans out everything committed since `lastId`. */
  async function pump(channel: TenantChannel): Promise<void> {
    for (;;) {
      const rows = await read<repo.RealtimeEventRow[]>(channel.tenantId, (tx) =>
        repo.eventsAfter(tx, channel.lastId, PAGE),
      );
      for (const row of rows) {
        deliver(channel, row);
        channel.lastId = Math.max(channel.lastId, Number(row.id));
      }
      if (rows.length < PAGE) return;
    }
  }

  function channelOf(tenantId: string): TenantChannel {
    let channel = channels.get(tenantId);
    if (channel) return channel;
    channel = {
      tenantId,
      byUser: new Map(),
      size: 0,
      lastId: 0,
      chain: Promise.resolve(),
      pumpQueued: false,
    };
    channels.set(tenantId, channel);
    const fresh = channel;
    void enqueue(fresh, async () => {
      fresh.lastId = await read<number>(tenantId, (tx) => repo.latestEventId(tx));
    });
    return channel;
  }

  /** A NOTIFY (or a restored listener): read what is new, once for however many arrive meanwhile. */
  function wake(tenantId: string, id?: number): void {
    const channel = channels.get(tenantId);
    if (!channel || channel.pumpQueued || (id !== undefined && id <= channel.lastId)) return;
    channel.pumpQueued = true;
    void enqueue(channel, async () => {
      channel.pumpQueued = false;
      await pump(channel);
    });
  }

  /**
   * Joins a connection: catches the organization up, sends what the client missed since `resumeFrom`
   * (when asked), then the `connection.ready` message, and from then on live events. Returns false when
   * the resume point is unknown (nothing was sent).
   */
  async function join(connection: Connection, resumeFrom: number | undefined): Promise<boolean> {
    const channel = channelOf(connection.actor.tenantId);
    const { userId } = connection.actor;
    let users = channel.byUser.get(userId);
    if (!users) channel.byUser.set(userId, (users = new Set()));
    users.add(connection);
    channel.size++;
    let known = true;
    await enqueue(channel, async () => {
      await pump(channel);
      if (connection.closed) return;
      let missed: repo.RealtimeEventRow[] = [];
      if (resumeFrom !== undefined) {
        const upToId = channel.lastId;
        known =
          resumeFrom <= upToId &&
          (await read<boolean>(channel.tenantId, (tx) => repo.eventKept(tx, resumeFrom)));
        if (!known) return;
        missed = await read(channel.tenantId, (tx) =>
          repo.missedEvents(tx, { userId, afterId: resumeFrom, upToId }),
        );
      }
      for (const row of missed) send(connection, JSON.stringify(presentEvent(row)));
      const ready: RealtimeMessage = {
        id: channel.lastId || null,
        name: READY_MESSAGE,
        data: { userId, resumed: missed.length },
        occurredAt: new Date().toISOString(),
      };
      send(connection, JSON.stringify(ready));
      connection.live = true;
    });
    return known;
  }

  function leave(connection: Connection): void {
    const channel = channels.get(connection.actor.tenantId);
    const users = channel?.byUser.get(connection.actor.userId);
    if (!channel || !users?.delete(connection)) return;
    channel.size--;
    if (!users.size) channel.byUser.delete(connection.actor.userId);
    if (!channel.size) channels.delete(channel.tenantId);
  }

  return {
    join,
    leave,
    wake,
    wakeAll: () => {
      for (const tenantId of channels.keys()) wake(tenantId);
    },
    tenantIds: () => [...channels.keys()],
  };
}

export type Channels = ReturnType<typeof createChannels>;
