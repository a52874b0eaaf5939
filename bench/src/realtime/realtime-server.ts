/**
 * The server side of bench/realtime, run as a child process (`fork`) so that its CPU is not the
 * clients': Closer as `main` wires it (app with /ws, job queue, the event dispatcher of the worker role)
 * on the benchmark's database, and beside it a bare `ws` server that broadcasts a given payload to its
 * clients with nothing of Closer's (no database, no audience).
 *
 * The organization: one Sales Rep who owns a deal, and MEMBERS - 1 Team Managers of the rep's team, so
 * every member may see the deal; each member has a session (written directly: no password hashing).
 *
 * Messages from the orchestrator: `move` (the rep moves the deal to the next stage through the HTTP API;
 * answered with the time its response arrived, which is just after the commit), `broadcast` (the bare
 * server sends `payload` to every client; answered with the time it started), `stop`.
 * Times are `performance.timeOrigin + performance.now()`: one clock for every process on the machine.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import {
  connectPostgres,
  createApp,
  createLogger,
  listen,
  loadConfig,
  migratePostgres,
  openPglite,
  schema,
  startJobQueue,
  type Database,
} from '@closer/service';

export type DatabaseKind = 'postgres' | 'pglite';

export type ServerMessage =
  | {
      type: 'ready';
      database: string;
      closerUrl: string;
      bareUrl: string;
      origin: string;
      cookies: string[];
      /** The open stages of the deal's pipeline: where `move` may take it. */
      stages: string[];
    }
  | { type: 'moved'; at: number; status: number; stageId: string }
  | { type: 'broadcasted'; at: number }
  | { type: 'failed'; error: string }
  | { type: 'stopped' };

export type OrchestratorMessage =
  { type: 'move'; stageId: string } | { type: 'broadcast'; payload: string } | { type: 'stop' };

const MEMBERS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const ORIGIN = 'http://closer.bench';
const SESSION_COOKIE = 'closer_session';
const now = () => performance.timeOrigin + performance.now();
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const send = (message: ServerMessage) => process.send?.(message);

interface Factories {
  buildOrganization: (db: Database) => Promise<{
    tenantId: string;
    teamId: string;
    roles: Record<'team_manager' | 'sales_rep', { id: string }>;
    rep: { id: string };
    manager: { id: string };
  }>;
}
interface Fixtures {
  defaultPipelineOf: (db: Database, tenantId: string) => Promise<{ open: string[] }>;
  insertCustomer: (
    db: Database,
    tenantId: string,
    values: { name: string; ownerId: string },
  ) => Promise<string>;
}
interface Registry {
  startWorkers: (deps: object) => Promise<{ close(): Promise<void> }>;
}
interface Dispatcher {
  startEventDispatcher(options: { db: Database; logger: object; handlers: object[] }): {
    close(): Promise<void>;
  };
}
interface Publisher {
  realtimeEventHandlers: () => object[];
}
/**
 * `all`: every module's event handlers, as a worker runs them (notifications fan the stage change out
 * to the managers too: a notification, and a `notification.new`, per manager, through the same
 * dispatcher). `realtime`: the realtime handler alone, for the realtime path by itself.
 */
export type HandlerSet = 'all' | 'realtime';

/** Test and registry code the service's public API does not export, loaded from its sources. */
const load = <T>(path: string) =>
  import(new URL(`../../../service/src/${path}`, import.meta.url).href) as Promise<T>;

async function openDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    return { db, label: 'PGlite (embedded, in memory)', close: () => db.close() };
  }
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `closer_bench_rt_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!
    .v;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const options = { ownerUrl: url.toString(), poolMax: 10 };
  await migratePostgres(options);
  const db = connectPostgres(options);
  return {
    db,
    label: `PostgreSQL ${version} (database ${name}, pool 10)`,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The rep (first token) and MEMBERS - 1 managers of their team, each with a session token. */
async function seed(db: Database) {
  const { buildOrganization } = await load<Factories>('test/factories.ts');
  const org = await buildOrganization(db);
  const managers = Array.from({ length: MEMBERS - 1 }, (_, index) => ({
    id: randomUUID(),
    email: `manager-${index}@bench.test`,
    name: `Manager ${String(index).padStart(4, '0')}`,
  }));
  const tokens = new Map<string, string>();
  const expiresAt = new Date(Date.now() + 24 * 3_600_000);
  await db.transaction({ tenantId: org.tenantId, platform: true }, async (tx) => {
    await tx.insert(schema.users).values(managers);
    await tx.insert(schema.memberships).values(
      managers.map((person) => ({
        tenantId: org.tenantId,
        userId: person.id,
        roleId: org.roles.team_manager.id,
      })),
    );
    await tx.insert(schema.teamMembers).values(
      managers.map((person) => ({
        tenantId: org.tenantId,
        teamId: org.teamId,
        userId: person.id,
        role: 'manager' as const,
      })),
    );
    const sessions = [org.rep.id, ...managers.map((person) => person.id)].map((userId) => {
      const token = randomBytes(32).toString('base64url');
      tokens.set(userId, token);
      return { tokenHash: sha256(token), userId, activeTenantId: org.tenantId, expiresAt };
    });
    await tx.insert(schema.sessions).values(sessions);
  });
  return { org, tokens: [...tokens.values()], repToken: tokens.get(org.rep.id)! };
}

/** A bare `ws` server: every client connected gets `payload` when asked, nothing else. */
async function startBare() {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: '/ws' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    broadcast(payload: string) {
      for (const client of wss.clients) client.send(payload);
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
    },
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as DatabaseKind;
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error('argv[2] must be postgres or pglite');
  const database = await openDatabase(kind);
  const { db } = database;
  const { org, tokens, repToken } = await seed(db);
  const fixtures = await load<Fixtures>('modules/opportunities/opportunities.fixtures.ts');
  const pipeline = await fixtures.defaultPipelineOf(db, org.tenantId);
  const customerId = await fixtures.insertCustomer(db, org.tenantId, {
    name: 'Initech',
    ownerId: org.rep.id,
  });

  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_URL: ORIGIN,
    CLOSER_DATA_DIR: `/tmp/closer-bench-rt-${process.pid}`,
  });
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'error' });
  const queue = await startJobQueue({ db, logger, runWorkers: process.argv[3] === 'all' });
  const handlers = process.argv[3] as HandlerSet;
  const workers =
    handlers === 'all'
      ? await (await load<Registry>('modules.ts')).startWorkers({ config, logger, queue, db })
      : (await load<Dispatcher>('core/events/dispatcher.ts')).startEventDispatcher({
          db,
          logger,
          handlers: (await load<Publisher>('modules/realtime/realtime.publish.ts')).realtimeEventHandlers(),
        });
  const app = await createApp({ config, db, logger, queue });
  const closer = await listen(app, { host: '127.0.0.1', port: 0 });
  const bare = await startBare();

  const headers = {
    'content-type': 'application/json',
    cookie: `${SESSION_COOKIE}=${repToken}`,
    'x-csrf-token': sha256(`csrf:${repToken}`),
  };
  const created = await fetch(`${closer.url}/api/v1/opportunities`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Benchmark deal', customerId }),
  });
  const deal = (await created.json()) as { id: string; version: number };
  if (created.status !== 201) throw new Error(`creating the deal answered ${created.status}`);
  let version = deal.version;

  // The commit of the stage change is when its domain event's NOTIFY (sent at commit) reaches this
  // process: the HTTP response can come later, when the single PGlite connection is busy delivering.
  let committed: ((at: number) => void) | undefined;
  const stopCommits = await db.listen('closer_events', {
    onMessage: () => {
      committed?.(now());
      committed = undefined;
    },
    onLost: () => undefined,
    onRestored: () => undefined,
  });

  process.on('message', (message: OrchestratorMessage) => {
    void (async () => {
      if (message.type === 'move') {
        const { stageId } = message;
        const commit = new Promise<number>((resolve) => (committed = resolve));
        const response = await fetch(`${closer.url}/api/v1/opportunities/${deal.id}/stage`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ stageId, version }),
        });
        const body = (await response.json()) as { version: number };
        const at = await commit;
        version = body.version;
        send({ type: 'moved', at, status: response.status, stageId });
      } else if (message.type === 'broadcast') {
        const at = now();
        bare.broadcast(message.payload);
        send({ type: 'broadcasted', at });
      } else {
        await stopCommits();
        await closer.close(2_000);
        await bare.close();
        await queue.stop(2_000);
        await workers.close();
        await app.close();
        await database.close();
        send({ type: 'stopped' });
        process.exit(0);
      }
    })().catch((error: unknown) => send({ type: 'failed', error: String(error) }));
  });
  send({
    type: 'ready',
    database: database.label,
    closerUrl: closer.url,
    bareUrl: bare.url,
    origin: ORIGIN,
    cookies: tokens.map((token) => `${SESSION_COOKIE}=${token}`),
    stages: pipeline.open,
  });
}

// The orchestrator gone (killed, crashed): nothing is left to measure for.
process.on('disconnect', () => process.exit(1));

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
