/**
 * The server side of bench/api-overhead, run as a child process (`fork`) so that its CPU time is its own:
 * the load generator (autocannon) and the orchestrator each run in other processes.
 *
 * For one database (argv[2]: `postgres` or `pglite`) it serves, on two ports:
 * - full: Closer's app (`createApp`), as `main` builds it, on the benchmark's database;
 * - bare: a Koa handler without Closer code that runs the same SELECTs the full stack runs for the same
 *   request, recorded at the driver from one probe request of the full stack (statement-capture.ts).
 *   On PostgreSQL it uses its own `pg` pool as the database owner (no transaction, no scope, no RLS);
 *   on PGlite it sends them to the same PGlite instance through the connection the job queue gets
 *   (`db.queueConnection()`: the instance itself, outside any transaction).
 *
 * It answers the orchestrator's `snapshot` messages with its CPU time and both stacks' round trips.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pg from 'pg';
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
import {
  captureStatements,
  installStatementCapture,
  redirectedStatements,
  type CapturedStatement,
} from './statement-capture.js';

export type DatabaseKind = 'postgres' | 'pglite';
export type Credential = 'cookie' | 'api key';

export interface Target {
  endpoint: string;
  credential: Credential;
  path: string;
  headers: Record<string, string>;
  fullUrl: string;
  bareUrl: string;
  /** The SELECTs the bare handler runs per request (the full stack's, recorded on a cold caller cache). */
  statements: string[];
}

export interface ServerInfo {
  database: string;
  notes: string[];
  targets: Target[];
}

export type ServerMessage =
  | { type: 'ready'; info: ServerInfo }
  | { type: 'failed'; error: string }
  | {
      type: 'snapshot';
      cpuMicros: number;
      /** Responses each stack finished: the denominator of the per-request CPU time and round trips. */
      fullServed: number;
      bareServed: number;
      fullRoundTrips: number;
      bareRoundTrips: number;
    }
  | { type: 'stopped' };

export type OrchestratorMessage = { type: 'snapshot' } | { type: 'stop' };

const POOL = Number(process.env.BENCH_POOL ?? 10);
/** Members beyond the factory's four, so the users list answers a full page of 20 and a cursor. */
const EXTRA_MEMBERS = 40;
const EXTRA_TEAMS = 5;
const ME = '/api/v1/me';
const USERS = '/api/v1/users?limit=20';
const TEAMS = '/api/v1/teams';
const SESSION_COOKIE = 'closer_session';
const API_KEY = /^Bearer\s+ck_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/i;

interface Person {
  id: string;
  email: string;
}
interface Factories {
  TEST_PASSWORD: string;
  buildOrganization(db: Database): Promise<{
    tenantId: string;
    teamId: string;
    roles: Record<'org_admin' | 'team_manager' | 'sales_rep', { id: string }>;
    admin: Person;
    manager: Person;
    rep: Person;
  }>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const send = (message: ServerMessage) => process.send?.(message);

/** A statement of the bare handler: the recorded one, with the credential's values taken from the request. */
interface BareStatement {
  text: string;
  values: unknown[];
  fromCredential: { index: number; value: 'sessionHash' | 'keyPrefix' }[];
}

async function openDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    const connection = db.queueConnection();
    if (!('db' in connection)) throw new Error('expected PGlite to share its instance with the job queue');
    const executor = connection.db;
    return {
      db,
      label: 'PGlite (embedded, in memory)',
      runBare: async (text: string, values: unknown[]) => (await executor.executeSql(text, values)).rows,
      async close() {
        await db.close();
      },
    };
  }
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `closer_bench_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!
    .v;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.toString();
  const options = { ownerUrl, poolMax: POOL };
  await migratePostgres(options);
  const db = connectPostgres(options);
  const barePool = new pg.Pool({ connectionString: ownerUrl, max: POOL });
  barePool.on('error', () => undefined);
  return {
    db,
    label: `PostgreSQL ${version} (database ${name}, pool ${POOL} per stack)`,
    runBare: async (text: string, values: unknown[]) =>
      (await barePool.query<Record<string, unknown>>(text, values)).rows,
    async close() {
      await barePool.end();
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function seed(db: Database) {
  const factoriesUrl = new URL('../../service/src/test/factories.ts', import.meta.url).href;
  const factories = (await import(factoriesUrl)) as Factories;
  const org = await factories.buildOrganization(db);
  await db.transaction({ tenantId: org.tenantId, platform: true }, async (tx) => {
    const people = Array.from({ length: EXTRA_MEMBERS }, (_, index) => ({
      id: randomUUID(),
      email: `member-${index}@bench.test`,
      name: `Member ${String(index).padStart(2, '0')}`,
    }));
    await tx.insert(schema.users).values(people);
    await tx.insert(schema.memberships).values(
      people.map((person) => ({
        tenantId: org.tenantId,
        userId: person.id,
        roleId: org.roles.sales_rep.id,
      })),
    );
    const teams = Array.from({ length: EXTRA_TEAMS }, (_, index) => ({
      tenantId: org.tenantId,
      id: randomUUID(),
      name: `Team ${index}`,
    }));
    await tx.insert(schema.teams).values(teams);
    await tx.insert(schema.teamMembers).values(
      people.map((person, index) => ({
        tenantId: org.tenantId,
        teamId: teams[index % EXTRA_TEAMS]!.id,
        userId: person.id,
        role: 'member' as const,
      })),
    );
  });
  return { org, password: factories.TEST_PASSWORD };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as DatabaseKind;
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error('argv[2] must be postgres or pglite');
  installStatementCapture();
  const database = await openDatabase(kind);
  const { db } = database;
  const { org, password } = await seed(db);

  const logger = createLogger({ level: 'silent' });
  const queue = await startJobQueue({ db, logger, runWorkers: false });
  const app = await createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, logger, queue });
  const full = await listen(app, { host: '127.0.0.1', port: 0 });

  // Sign-ins and API keys, each used by one probe and then by that probe's load.
  const json = async (response: Response) => {
    const text = await response.text();
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { text };
    }
  };
  const signIn = async () => {
    const response = await fetch(`${full.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org.admin.email, password }),
    });
    const body = await json(response);
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (response.status !== 200 || !cookie?.startsWith(`${SESSION_COOKIE}=`)) {
      throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(body)}`);
    }
    return {
      cookie,
      token: cookie.slice(SESSION_COOKIE.length + 1),
      csrfToken: body.csrfToken as string,
      permissions: body.permissions as string[],
    };
  };
  const owner = await signIn();
  let keys = 0;
  const createKey = async () => {
    const response = await fetch(`${full.url}/api/v1/api-keys`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: owner.cookie,
        'x-csrf-token': owner.csrfToken,
      },
      body: JSON.stringify({ name: `bench ${++keys}`, permissions: owner.permissions }),
    });
    const body = await json(response);
    if (response.status !== 201 || typeof body.secret !== 'string') {
      throw new Error(`POST /api/v1/api-keys answered ${response.status}: ${JSON.stringify(body)}`);
    }
    return body.secret;
  };

  const bare: Record<string, Partial<Record<Credential, BareStatement[]>>> = {};
  let bareRoundTrips = 0;
  const bareApp = new Koa();
  // A failing statement answers 500, which the load generator counts; the probe below shows the error.
  bareApp.silent = true;
  bareApp.use(async (ctx) => {
    const plans = bare[ctx.url];
    const authorization = ctx.get('authorization');
    const key = API_KEY.exec(authorization);
    const token = ctx.cookies.get(SESSION_COOKIE);
    const plan = plans?.[authorization ? 'api key' : 'cookie'];
    if (!plan) {
      ctx.status = 404;
      return;
    }
    if (authorization ? !key : !token) {
      ctx.status = 401;
      return;
    }
    const credential = {
      keyPrefix: key ? key[1]! : '',
      sessionHash: key ? '' : sha256(token!),
    };
    const answers: Record<string, unknown>[][] = [];
    for (const statement of plan) {
      const values = [...statement.values];
      for (const slot of statement.fromCredential) values[slot.index] = credential[slot.value];
      bareRoundTrips += 1;
      try {
        answers.push(await database.runBare(statement.text, values));
      } catch (error) {
        ctx.status = 500;
        ctx.body = { error: String(error), statement: statement.text };
        return;
      }
      if (answers.length === 1) {
        // The caller lookup comes first: no row (or the wrong secret) is a 401, as in the full stack.
        const caller = answers[0]![0];
        const secretHash = caller?.secret_hash;
        if (!caller || (key && secretHash !== undefined && secretHash !== sha256(key[2]!))) {
          ctx.status = 401;
          return;
        }
      }
    }
    ctx.body = { answers };
  });
  const bareHandler = bareApp.callback();
  const bareServer = createServer((request, response) => void bareHandler(request, response));
  bareServer.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  const served = { full: 0, bare: 0 };
  full.server.on('request', (_request, response: ServerResponse) =>
    response.once('finish', () => (served.full += 1)),
  );
  bareServer.on('request', (_request, response: ServerResponse) =>
    response.once('finish', () => (served.bare += 1)),
  );

  /** One request on a fresh credential, so the recording includes the caller lookup. */
  const probe = async (path: string, credential: Credential) => {
    const headers: Record<string, string> = {};
    const derived: Record<'sessionHash' | 'keyPrefix', string> = { sessionHash: '', keyPrefix: '' };
    if (credential === 'cookie') {
      const session = await signIn();
      headers.cookie = session.cookie;
      derived.sessionHash = sha256(session.token);
    } else {
      const secret = await createKey();
      headers.authorization = `Bearer ${secret}`;
      derived.keyPrefix = API_KEY.exec(headers.authorization)![1]!;
    }
    let status = 0;
    let body: Record<string, unknown> = {};
    const statements = await captureStatements(async () => {
      const response = await fetch(`${full.url}${path}`, { headers });
      status = response.status;
      body = await json(response);
    });
    return { headers, derived, status, body, statements };
  };
  type Probe = Awaited<ReturnType<typeof probe>>;
  const toBare = (
    statements: CapturedStatement[],
    derived: Record<'sessionHash' | 'keyPrefix', string>,
    what: string,
  ): BareStatement[] => {
    const plan = statements.map((statement) => ({
      text: statement.text,
      values: statement.values,
      fromCredential: statement.values.flatMap((value, index) =>
        (['sessionHash', 'keyPrefix'] as const)
          .filter((name) => derived[name] !== '' && value === derived[name])
          .map((name) => ({ index, value: name })),
      ),
    }));
    if (!plan[0]?.fromCredential.length) {
      throw new Error(`the full stack's first SELECT for ${what} did not look up the credential`);
    }
    return plan;
  };

  const notes: string[] = [];
  const targets: Target[] = [];
  const addTarget = async (endpoint: string, path: string, credential: Credential, tried?: Probe) => {
    const result = tried ?? (await probe(path, credential));
    const what = `${endpoint} (${credential})`;
    if (result.status !== 200) {
      throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
    }
    const plan = toBare(result.statements, result.derived, what);
    (bare[path] ??= {})[credential] = plan;
    const check = await fetch(`${bareUrl}${path}`, { headers: result.headers });
    const checked = await json(check);
    if (check.status !== 200) {
      throw new Error(`bare ${what} answered ${check.status}: ${JSON.stringify(checked).slice(0, 300)}`);
    }
    targets.push({
      endpoint,
      credential,
      path,
      headers: result.headers,
      fullUrl: `${full.url}${path}`,
      bareUrl: `${bareUrl}${path}`,
      statements: plan.map((statement) => statement.text.replace(/\s+/g, ' ').trim()),
    });
    return result;
  };

  await addTarget(`GET ${ME}`, ME, 'cookie');
  await addTarget(`GET ${ME}`, ME, 'api key');
  // The users module may be mid-conversion: fall back to the teams list when it does not answer 200.
  const first = await probe(USERS, 'cookie');
  let listPath = USERS;
  if (first.status === 200) {
    await addTarget(`GET ${USERS}`, USERS, 'cookie', first);
    const page = first.body as { items?: unknown[]; nextCursor?: unknown };
    notes.push(
      `users list: a page of ${page.items?.length ?? '?'} members of ${EXTRA_MEMBERS + 4}` +
        (page.nextCursor ? ', with a next cursor' : ', no next cursor'),
    );
  } else {
    listPath = TEAMS;
    notes.push(
      `GET ${USERS} answered ${first.status} ${JSON.stringify(first.body).slice(0, 160)}, ` +
        `not 200, so the list endpoint measured is GET ${TEAMS} (the users module is being converted)`,
    );
    await addTarget(`GET ${TEAMS}`, TEAMS, 'cookie');
  }
  await addTarget(`GET ${listPath}`, listPath, 'api key');

  if (redirectedStatements() > 0) {
    notes.push(
      'WORKAROUND ACTIVE: service/src/core/db/postgres.ts binds pg `query` to an Object.create(client) wrapper, ' +
        'which breaks any transaction of 2+ statements in pipeline mode ("Received unexpected rowDescription ' +
        'message from backend", process crash); this run sends those statements on the pooled client itself ' +
        '(bench/src/statement-capture.ts), as that code intends. Numbers are for the fixed code.',
    );
  }
  send({ type: 'ready', info: { database: database.label, notes, targets } });

  process.on('message', (message: OrchestratorMessage) => {
    if (message.type === 'snapshot') {
      const cpu = process.cpuUsage();
      send({
        type: 'snapshot',
        cpuMicros: cpu.user + cpu.system,
        fullServed: served.full,
        bareServed: served.bare,
        fullRoundTrips: db.roundTrips(),
        bareRoundTrips,
      });
      return;
    }
    void (async () => {
      await full.close(1_000);
      await closeServer(bareServer);
      await app.close();
      await queue.stop(1_000);
      await database.close();
      send({ type: 'stopped' });
      process.disconnect?.();
    })().catch((error: unknown) => {
      send({ type: 'failed', error: String(error) });
      process.exit(1);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
