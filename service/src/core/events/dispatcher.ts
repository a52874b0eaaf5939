import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';
import { queryRows } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { DeliveredEvent, DomainEventName } from './events.js';

/**
 * Something that reacts to domain events (notifications, realtime, predictions, workflows), declared in
 * a module's descriptor. It runs in the event's organization, in a transaction that also moves its
 * checkpoint: what it writes to the database happens once even when the event is delivered twice (after
 * a crash, or when two instances race). Effects outside the database (a push, a chat message) should be
 * enqueued as jobs in that transaction, keyed by the event's position.
 */
export interface EventHandler {
  /** Stable and unique: it names the handler's checkpoint. */
  name: string;
  events: readonly DomainEventName[];
  handle(event: DeliveredEvent, tx: Tx): Promise<void>;
  /**
   * Consecutive events of one organization at once, in order (the dispatcher's groups): for handlers
   * that can write a burst in fewer statements than one event at a time. Without it, `handle` each.
   */
  handleBatch?(events: readonly DeliveredEvent[], tx: Tx): Promise<void>;
}

export interface DispatcherOptions {
  db: Database;
  handlers: readonly EventHandler[];
  logger: Logger;
  /** Events read per handler per round. */
  batchSize?: number;
  /** Events of one organization delivered in one transaction, at most. */
  groupSize?: number;
  /** Attempts per event before it is set aside in `event_failures` and the handler moves on. */
  maxAttempts?: number;
  /** First retry delay in ms; doubles per attempt. */
  retryDelayMs?: number;
  /** Poll interval in ms, in case a notification was missed. */
  pollMs?: number;
}

export interface EventDispatcher {
  /**
   * Delivers everything committed so far to every handler; resolves when all are caught up, or after
   * `timeoutMs` (default 30 s) when a transaction still running holds delivery back.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

interface Checkpoint {
  txId: string;
  position: number;
}

interface EventRow {
  tx_id: string;
  tenant_id: string;
  position: string | number;
  name: DomainEventName;
  stream_type: string;
  stream_id: string;
  payload: Record<string, unknown>;
  actor_id: string | null;
  via: DeliveredEvent['via'];
  occurred_at: string | Date;
}

const DISPATCHER = { tenantId: null, system: 'events' } as const;

/** Another instance moved the checkpoint first: this delivery is rolled back and the read starts over. */
class CheckpointMoved extends Error {}

/**
 * Delivers the event log to handlers, at least once and in log order (so in order per record), with a
 * checkpoint per handler. Only events whose transaction is older than every transaction still running
 * are read (`pg_snapshot_xmin`): a transaction that took a lower position but commits later is never
 * skipped. The price: a transaction left running anywhere on the server holds delivery back until it
 * ends, so long work (imports, the large demo) commits in batches. A handler that fails is retried with backoff and blocks its own queue meanwhile (order per
 * record holds); after `maxAttempts` the event is recorded in `event_failures` and the handler goes on.
 */
export function startEventDispatcher(options: DispatcherOptions): EventDispatcher {
  const { db, handlers, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const groupSize = options.groupSize ?? 100;
  const attempts = new Map<string, number>();
  /** Per handler: up to which position events go one per transaction (a group of them failed). */
  const singleUntil = new Map<string, number>();
  let closed = false;

  async function checkpointOf(handler: string): Promise<Checkpoint> {
    return db.transaction(DISPATCHER, async (tx) => {
      await tx.execute(
        sql`insert into event_checkpoints (handler) values (${handler}) on conflict (handler) do nothing`,
      );
      const [row] = await queryRows<{ tx_id: string; position: string | number }>(
        tx,
        sql`select tx_id::text, position from event_checkpoints where handler = ${handler}`,
      );
      return { txId: row!.tx_id, position: Number(row!.position) };
    });
  }

  function readAfter(from: Checkpoint): Promise<EventRow[]> {
    return db.transaction(
      DISPATCHER,
      (tx) =>
        queryRows<EventRow>(
          tx,
          sql`select tx_id::text, tenant_id, position, name, stream_type, stream_id, payload, actor_id, via, occurred_at
            from domain_events
            where (tx_id, position) > (${from.txId}::xid8, ${from.position})
              and tx_id < pg_snapshot_xmin(pg_current_snapshot())
            order by tx_id, position
            limit ${batchSize}`,
        ),
      { readOnly: true },
    );
  }

  /** Moves the checkpoint from `from` to `to` in `tx`; throws when another instance moved it first. */
  async function advance(tx: Tx, handler: string, from: Checkpoint, to: Checkpoint): Promise<void> {
    const moved = await queryRows<{ handler: string }>(
      tx,
      sql`update event_checkpoints set tx_id = ${to.txId}::xid8, position = ${to.position}, updated_at = now()
        where handler = ${handler} and tx_id = ${from.txId}::xid8 and position = ${from.position}
        returning handler`,
    );
    if (!moved.length) throw new CheckpointMoved();
  }

  /**
   * Delivers what is there for one handler; returns whether it read a full batch (more may wait).
   * Consecutive events of one organization share a transaction (up to `groupSize`): a burst (a minute's
   * reminders, an import) costs one commit per group, not per event. When a group fails, its events are
   * delivered again one per transaction, so only the failing event is retried and, at last, set aside.
   */
  async function deliver(handler: EventHandler): Promise<boolean> {
    let checkpoint = await checkpointOf(handler.name);
    const rows = await readAfter(checkpoint);
    const wanted = new Set<string>(handler.events);
    let index = 0;
    while (index < rows.length) {
      const single = Number(rows[index]!.position) <= (singleUntil.get(handler.name) ?? -1);
      const group: EventRow[] = [];
      let tenantId: string | undefined;
      for (; index < rows.length && group.length < (single ? 1 : groupSize); index++) {
        const row = rows[index]!;
        if (wanted.has(row.name)) {
          if (tenantId !== undefined && row.tenant_id !== tenantId) break;
          tenantId = row.tenant_id;
        }
        group.push(row);
      }
      const last = group[group.length - 1]!;
      const to: Checkpoint = { txId: last.tx_id, position: Number(last.position) };
      const events = group.filter((row) => wanted.has(row.name)).map(toDelivered);
      if (!events.length) {
        // Nothing for this handler: the checkpoint moves past without a tenant transaction.
        try {
          await db.transaction(DISPATCHER, (tx) => advance(tx, handler.name, checkpoint, to));
        } catch (error) {
          if (error instanceof CheckpointMoved) return true;
          throw error;
        }
        checkpoint = to;
        continue;
      }
      const first = events[0]!;
      const key = `${handler.name}:${first.tenantId}:${first.position}`;
      try {
        await db.transaction({ tenantId: first.tenantId, system: 'events' }, async (tx) => {
          await advance(tx, handler.name, checkpoint, to);
          if (handler.handleBatch && events.length > 1) await handler.handleBatch(events, tx);
          else for (const event of events) await handler.handle(event, tx);
        });
        attempts.delete(key);
        checkpoint = to;
      } catch (error) {
        if (error instanceof CheckpointMoved) return true;
        if (events.length > 1) {
          // Find the culprit: this group's events go one per transaction from now on.
          singleUntil.set(handler.name, to.position);
          return true;
        }
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        logger.warn(
          { err: error, handler: handler.name, event: first.name, attempt },
          'event handler failed',
        );
        if (attempt < maxAttempts) {
          await pause(retryDelayMs * 2 ** (attempt - 1));
          return true;
        }
        await setAside(handler.name, first, attempt, error, checkpoint, to);
        attempts.delete(key);
        checkpoint = to;
      }
    }
    return rows.length === batchSize;
  }

  async function setAside(
    handler: string,
    event: DeliveredEvent,
    attempt: number,
    error: unknown,
    from: Checkpoint,
    to: Checkpoint,
  ): Promise<void> {
    logger.error({ err: error, handler, event: event.name, position: event.position }, 'event set aside');
    await db.transaction({ tenantId: event.tenantId, system: 'events' }, async (tx) => {
      await advance(tx, handler, from, to);
      await tx.execute(
        sql`insert into event_failures (handler, tenant_id, position, attempts, error)
          values (${handler}, ${event.tenantId}, ${event.position}, ${attempt}, ${String(error)})
          on conflict (tenant_id, handler, position) do update set attempts = excluded.attempts, error = excluded.error, failed_at = now()`,
      );
    });
  }

  /**
   * Each handler reads and delivers in its own loop, so a slow one (a notification to a thousand people)
   * never holds back another (the realtime fan-out of the next stage change). Waking a handler whose loop
   * runs asks it to go round once more; never two loops of one handler in this process.
   */
  const loops = new Map<string, { running?: Promise<void>; again: boolean }>(
    handlers.map((handler) => [handler.name, { again: false }]),
  );

  function wakeHandler(handler: EventHandler): Promise<void> {
    const loop = loops.get(handler.name)!;
    if (closed) return Promise.resolve();
    if (loop.running) {
      loop.again = true;
      return loop.running;
    }
    loop.running = (async () => {
      do {
        loop.again = false;
        if (await deliver(handler)) loop.again = true;
      } while (loop.again && !closed);
    })()
      .catch((error: unknown) => logger.error({ err: error, handler: handler.name }, 'event dispatch failed'))
      .finally(() => {
        loop.running = undefined;
      });
    return loop.running;
  }

  function wake(): Promise<void> {
    return Promise.all(handlers.map(wakeHandler)).then(() => undefined);
  }

  /** Whether some handler has yet to read an event at or before `last`. */
  async function pendingUpTo(last: number): Promise<boolean> {
    const names = handlers.map((handler) => handler.name);
    for (const name of names) await checkpointOf(name);
    const [row] = await db.transaction(DISPATCHER, (tx) =>
      queryRows<{ pending: boolean }>(
        tx,
        sql`select exists (
          select 1 from event_checkpoints c join domain_events e
            on (e.tx_id, e.position) > (c.tx_id, c.position)
          where c.handler in (${sql.join(
            names.map((name) => sql`${name}`),
            sql`, `,
          )}) and e.position <= ${last}
        ) as pending`,
      ),
    );
    return row?.pending ?? false;
  }

  const poll = setInterval(() => void wake(), options.pollMs ?? 1_000);
  poll.unref();
  const unlisten = handlers.length
    ? db.listen('closer_events', {
        onMessage: () => void wake(),
        onLost: () => {},
        onRestored: () => void wake(),
      })
    : Promise.resolve(async () => {});
  void wake();

  return {
    async drain({ timeoutMs = 30_000 } = {}) {
      if (!handlers.length) return;
      await unlisten;
      // Everything committed now must reach every handler; a transaction elsewhere that is still running
      // may hold delivery back for a moment (see above), so this waits rather than taking one round.
      const [{ last } = { last: 0 }] = await db.transaction(DISPATCHER, (tx) =>
        queryRows<{ last: number }>(
          tx,
          sql`select coalesce(max(position), 0)::bigint as last from domain_events`,
        ),
      );
      const deadline = Date.now() + timeoutMs;
      while (!closed && Date.now() < deadline) {
        await wake();
        if (!(await pendingUpTo(Number(last)))) return;
        await pause(10);
      }
    },
    async close() {
      closed = true;
      clearInterval(poll);
      await Promise.all([...loops.values()].flatMap((loop) => (loop.running ? [loop.running] : [])));
      await (
        await unlisten
      )();
    },
  };
}

function toDelivered(row: EventRow): DeliveredEvent {
  return {
    tenantId: row.tenant_id,
    position: Number(row.position),
    name: row.name,
    streamType: row.stream_type,
    streamId: row.stream_id,
    payload: row.payload,
    actorId: row.actor_id,
    via: row.via,
    occurredAt: new Date(row.occurred_at),
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
