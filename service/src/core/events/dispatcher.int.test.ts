import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { buildOrganization, type TestOrganization } from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { recordAudit } from '../audit/audit.js';
import { queryRows, type Tx } from '../db/database.js';
import { createLogger } from '../logger.js';
import { startEventDispatcher, type EventDispatcher, type EventHandler } from './dispatcher.js';
import { emitEvent, type DeliveredEvent, type DomainEventName } from './events.js';

const logger = createLogger({ level: 'silent' });

describe('the domain event dispatcher', () => {
  let database: TestDatabase;
  let org: TestOrganization;
  let other: TestOrganization;
  const running: EventDispatcher[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    org = await buildOrganization(database.db);
    other = await buildOrganization(database.db, { name: 'Other' });
  });
  afterAll(async () => {
    await Promise.all(running.map((dispatcher) => dispatcher.close()));
    await database?.destroy();
  });

  const start = (handlers: EventHandler[], options: { maxAttempts?: number; groupSize?: number } = {}) => {
    const dispatcher = startEventDispatcher({
      db: database.db,
      handlers,
      logger,
      retryDelayMs: 5,
      pollMs: 50,
      ...options,
    });
    running.push(dispatcher);
    return dispatcher;
  };

  let streams = 0;
  const newStream = () => `0190a0a0-0000-7000-8000-${String(++streams).padStart(12, '0')}`;

  const emit = (tenantId: string, streamId: string, name: DomainEventName = 'opportunity.updated', n = 0) =>
    database.db.transaction({ tenantId }, (tx) =>
      emitEvent(tx, tenantId, { name, stream: { type: 'opportunity', id: streamId }, payload: { n } }),
    );

  /** A handler whose effect is an audit entry per event, in its own transaction: countable in SQL. */
  const auditing = (name: string, seen: DeliveredEvent[] = []): EventHandler => ({
    name,
    events: ['opportunity.updated', 'opportunity.stage_changed'],
    async handle(event: DeliveredEvent, tx: Tx) {
      seen.push(event);
      await recordAudit(tx, event.tenantId, {
        action: `handled.${name}`,
        entityType: 'opportunity',
        entityId: event.streamId,
        after: { position: event.position },
      });
    },
  });

  const effects = (tenantId: string, handler: string) =>
    database.db.transaction({ tenantId }, (tx) =>
      queryRows<{ entity_id: string; position: number }>(
        tx,
        sql`select entity_id, (after->>'position')::int as position from audit_logs
          where action = ${`handled.${handler}`} order by (after->>'position')::int`,
      ),
    );

  it('delivers every event once, in order per record, each organization in its own transaction', async () => {
    const seen: DeliveredEvent[] = [];
    const a = newStream();
    const b = newStream();
    for (let n = 0; n < 5; n++) {
      await emit(org.tenantId, a, 'opportunity.updated', n);
      await emit(other.tenantId, b, 'opportunity.stage_changed', n);
    }
    await emit(org.tenantId, a, 'customer.created');
    const dispatcher = start([auditing('ordered', seen)]);
    await dispatcher.drain();
    const ofA = seen.filter((event) => event.streamId === a).map((event) => event.payload.n);
    const ofB = seen.filter((event) => event.streamId === b).map((event) => event.payload.n);
    expect(ofA).toEqual([0, 1, 2, 3, 4]);
    expect(ofB).toEqual([0, 1, 2, 3, 4]);
    expect(seen.map((event) => event.name)).not.toContain('customer.created');
    expect(new Set(seen.filter((e) => e.streamId === a).map((e) => e.tenantId))).toEqual(
      new Set([org.tenantId]),
    );
    // Each organization's effects landed in that organization only (RLS held inside the handler).
    expect((await effects(org.tenantId, 'ordered')).filter((row) => row.entity_id === a)).toHaveLength(5);
    expect((await effects(org.tenantId, 'ordered')).filter((row) => row.entity_id === b)).toHaveLength(0);
    expect((await effects(other.tenantId, 'ordered')).filter((row) => row.entity_id === b)).toHaveLength(5);
    await dispatcher.close();
  });

  it('delivers what was committed while no dispatcher ran, after a restart, without repeating the rest', async () => {
    const stream = newStream();
    const first = start([auditing('restart')]);
    await emit(org.tenantId, stream, 'opportunity.updated', 1);
    await first.drain();
    await first.close();
    await emit(org.tenantId, stream, 'opportunity.updated', 2);
    await emit(org.tenantId, stream, 'opportunity.updated', 3);
    const second = start([auditing('restart')]);
    await second.drain();
    const delivered = (await effects(org.tenantId, 'restart')).filter((row) => row.entity_id === stream);
    expect(delivered).toHaveLength(3);
    expect(new Set(delivered.map((row) => row.position)).size).toBe(3);
    await second.close();
  });

  it('retries a failing handler, rolling back its partial effect, so a second run has no double effect', async () => {
    const stream = newStream();
    let calls = 0;
    const flaky: EventHandler = {
      ...auditing('flaky'),
      async handle(event, tx) {
        if (event.streamId !== stream) return;
        calls++;
        await auditing('flaky').handle(event, tx);
        if (calls === 1) throw new Error('crashed after writing');
      },
    };
    await emit(org.tenantId, stream);
    const dispatcher = start([flaky]);
    await dispatcher.drain();
    await dispatcher.drain();
    expect(calls).toBe(2);
    expect((await effects(org.tenantId, 'flaky')).filter((row) => row.entity_id === stream)).toHaveLength(1);
    await dispatcher.close();
  });

  it('applies each event once when two instances deliver to the same handler at the same time', async () => {
    const stream = newStream();
    for (let n = 0; n < 20; n++) await emit(org.tenantId, stream, 'opportunity.updated', n);
    const one = start([auditing('raced')]);
    const two = start([auditing('raced')]);
    await Promise.all([one.drain(), two.drain()]);
    await one.drain();
    const delivered = (await effects(org.tenantId, 'raced')).filter((row) => row.entity_id === stream);
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered.map((row) => row.position)).size).toBe(20);
    await Promise.all([one.close(), two.close()]);
  });

  it('sets an event aside after its last attempt and goes on with the next', async () => {
    const stream = newStream();
    await emit(org.tenantId, stream, 'opportunity.updated', 1);
    await emit(org.tenantId, stream, 'opportunity.updated', 2);
    const seen: number[] = [];
    const poisoned: EventHandler = {
      name: 'poisoned',
      events: ['opportunity.updated'],
      handle(event) {
        if (event.streamId !== stream) return Promise.resolve();
        if (event.payload.n === 1) return Promise.reject(new Error('cannot handle this one'));
        seen.push(event.payload.n as number);
        return Promise.resolve();
      },
    };
    const dispatcher = start([poisoned], { maxAttempts: 3 });
    for (let round = 0; round < 5 && !seen.length; round++) await dispatcher.drain();
    expect(seen).toEqual([2]);
    const failures = await database.db.transaction({ tenantId: null, system: 'events' }, (tx) =>
      queryRows<{ attempts: number; error: string }>(
        tx,
        sql`select attempts, error from event_failures where handler = 'poisoned'`,
      ),
    );
    expect(failures).toEqual([{ attempts: 3, error: 'Error: cannot handle this one' }]);
    await dispatcher.close();
  });

  it('delivers a burst in shared transactions, and a poisoned event in it costs only itself', async () => {
    const stream = newStream();
    for (let n = 1; n <= 10; n++) await emit(org.tenantId, stream, 'opportunity.updated', n);
    const base = auditing('burst');
    const handler: EventHandler = {
      ...base,
      async handle(event, tx) {
        if (event.streamId === stream && event.payload.n === 6) throw new Error('poisoned');
        await base.handle(event, tx);
      },
    };
    const dispatcher = start([handler], { maxAttempts: 2, groupSize: 4 });
    for (let round = 0; round < 5; round++) await dispatcher.drain();
    const delivered = (await effects(org.tenantId, 'burst')).filter((row) => row.entity_id === stream);
    // Nine effects, each once: the group holding event 6 was rolled back and delivered one by one.
    expect(delivered).toHaveLength(9);
    expect(new Set(delivered.map((row) => row.position)).size).toBe(9);
    const failures = await database.db.transaction({ tenantId: null, system: 'events' }, (tx) =>
      queryRows<{ error: string }>(tx, sql`select error from event_failures where handler = 'burst'`),
    );
    expect(failures).toEqual([{ error: 'Error: poisoned' }]);
    // Shared transactions: now() is the transaction's start, so effects of one group share it.
    const [{ transactions } = { transactions: 0 }] = await database.db.transaction(
      { tenantId: org.tenantId },
      (tx) =>
        queryRows<{ transactions: number }>(
          tx,
          sql`select count(distinct created_at)::int as transactions from audit_logs
            where action = 'handled.burst' and entity_id = ${stream}`,
        ),
    );
    expect(transactions).toBeLessThan(9);
    await dispatcher.close();
  });

  it('hands a handler with handleBatch its groups, in order', async () => {
    const stream = newStream();
    for (let n = 1; n <= 10; n++) await emit(org.tenantId, stream, 'opportunity.updated', n);
    const batches: number[][] = [];
    const batching: EventHandler = {
      name: 'batching',
      events: ['opportunity.updated'],
      handle(event) {
        if (event.streamId === stream) batches.push([event.payload.n as number]);
        return Promise.resolve();
      },
      handleBatch(events) {
        const ours = events.filter((event) => event.streamId === stream);
        if (ours.length) batches.push(ours.map((event) => event.payload.n as number));
        return Promise.resolve();
      },
    };
    const dispatcher = start([batching], { groupSize: 4 });
    await dispatcher.drain();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(4);
    expect(batches.some((batch) => batch.length > 1)).toBe(true);
    await dispatcher.close();
  });

  // PGlite has one connection, so no two transactions overlap there; on PostgreSQL they do.
  it('never skips an event whose transaction commits after a later one (PostgreSQL)', async () => {
    if (database.kind === 'pglite') return;
    const stream = newStream();
    const seen: number[] = [];
    const handler: EventHandler = {
      name: 'slow-commit',
      events: ['opportunity.updated'],
      handle(event) {
        if (event.streamId === stream) seen.push(event.payload.n as number);
        return Promise.resolve();
      },
    };
    let commitSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
    let slowWrote!: () => void;
    const slowHasWritten = new Promise<void>((resolve) => (slowWrote = resolve));
    const slow = database.db.transaction({ tenantId: org.tenantId }, async (tx) => {
      await emitEvent(tx, org.tenantId, {
        name: 'opportunity.updated',
        stream: { type: 'opportunity', id: stream },
        payload: { n: 1 },
      });
      slowWrote();
      await slowMayCommit;
    });
    await slowHasWritten;
    await emit(org.tenantId, stream, 'opportunity.updated', 2);
    const dispatcher = start([handler]);
    await dispatcher.drain({ timeoutMs: 500 });
    expect(seen).toEqual([]);
    commitSlow();
    await slow;
    await dispatcher.drain();
    expect(seen).toEqual([1, 2]);
    await dispatcher.close();
  });

  it('keeps the log out of reach of other organizations, and of the dispatcher role for writes', async () => {
    const stream = newStream();
    await emit(org.tenantId, stream);
    const seenByOther = await database.db.transaction({ tenantId: other.tenantId }, (tx) =>
      queryRows(tx, sql`select 1 from domain_events where stream_id = ${stream}`),
    );
    expect(seenByOther).toEqual([]);
    const update = database.db.transaction({ tenantId: org.tenantId }, (tx) =>
      tx.execute(sql`update domain_events set name = 'forged' where stream_id = ${stream}`),
    );
    await expect(update).rejects.toMatchObject({ cause: { code: '42501' } });
  });
});
