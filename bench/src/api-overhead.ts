/**
 * What a user's request costs in Closer's full stack, against a bare Koa handler running the same
 * SELECTs on the same database, measured in the same run.
 *
 * Endpoints: `GET /api/v1/me` and a cursor-paginated list (`GET /api/v1/users?limit=20`, or
 * `GET /api/v1/teams` when the users list does not answer 200), each with a session cookie and with an
 * API key, on PostgreSQL (a fresh database, migrated) and on the embedded PGlite (in memory).
 *
 * Processes: this one only orchestrates. The servers (full and bare, for one database) run in a child
 * process (api-overhead-server.ts) whose `process.cpuUsage()` is read just before and after each measured
 * run; autocannon runs in a third process. So "cpu µs/req" is the server process's CPU time (user +
 * system, all its threads) divided by the responses it finished meanwhile; PostgreSQL's own CPU is not
 * in it.
 *
 * Round trips: the full stack's `db.roundTrips()` delta (statements that waited for an answer, including
 * caller lookups and last-seen writes the caller cache amortizes); the bare handler counts the statements
 * it sends (one `pool.query` each). On PGlite the database is in-process: no round trips.
 *
 * Each round measures every (endpoint, credential) on both stacks, alternating which goes first; the
 * table shows the median of the rounds and the ratio is the median of the rounds' full/bare ratios.
 *
 * Environment: BENCH_SECONDS (per measured run, default 3), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS
 * (default 20), BENCH_POOL (database connections per stack, default 10), BENCH_DATABASES (default
 * `postgres,pglite`), and BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL: a PostgreSQL server where
 * it may create a database (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DatabaseKind, OrchestratorMessage, ServerMessage, Target } from './api-overhead-server.js';
import { load, median, type LoadResult } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARM_UP_SECONDS = 1;
const TARGET_RATIO = 0.6;
const DATABASES = (process.env.BENCH_DATABASES ?? 'postgres,pglite')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean) as DatabaseKind[];

type Stack = 'full' | 'bare';

interface Measurement extends LoadResult {
  cpuMicrosPerRequest: number;
  roundTripsPerRequest: number;
}

interface Snapshot {
  cpuMicros: number;
  fullServed: number;
  bareServed: number;
  fullRoundTrips: number;
  bareRoundTrips: number;
}

/** The server child process and a request/answer channel to it. */
class ServerProcess {
  private readonly child: ChildProcess;
  private waiting: ((message: ServerMessage) => void)[] = [];
  private exited: Promise<number | null>;

  constructor(kind: DatabaseKind) {
    const script = fileURLToPath(new URL('./api-overhead-server.ts', import.meta.url));
    // Same Node flags as this process (tsx, the closer-source condition); its own CPU accounting.
    this.child = fork(script, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: ServerMessage) => this.waiting.shift()?.(message));
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    void this.exited.then((code) => {
      for (const waiter of this.waiting.splice(0)) {
        waiter({ type: 'failed', error: `server process exited (${code})` });
      }
    });
  }

  next(): Promise<ServerMessage> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async request(message: OrchestratorMessage): Promise<ServerMessage> {
    const answer = this.next();
    this.child.send(message);
    return answer;
  }

  async snapshot(): Promise<Snapshot> {
    const answer = await this.request({ type: 'snapshot' });
    if (answer.type !== 'snapshot') throw new Error(`server: ${JSON.stringify(answer)}`);
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    await this.request({ type: 'stop' });
    await this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

async function measure(
  server: ServerProcess,
  target: Target,
  stack: Stack,
  kind: DatabaseKind,
): Promise<Measurement> {
  const url = stack === 'full' ? target.fullUrl : target.bareUrl;
  const options = { seconds: SECONDS, connections: CONNECTIONS, headers: target.headers };
  const before = await server.snapshot();
  const result = await load(url, options);
  const after = await server.snapshot();
  // Per request = per response the server finished between the snapshots (autocannon leaves the last
  // in-flight requests uncounted, but the server did their work).
  const served =
    stack === 'full' ? after.fullServed - before.fullServed : after.bareServed - before.bareServed;
  const requests = Math.max(1, served);
  const trips =
    stack === 'full'
      ? after.fullRoundTrips - before.fullRoundTrips
      : after.bareRoundTrips - before.bareRoundTrips;
  return {
    ...result,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / requests,
    roundTripsPerRequest: kind === 'pglite' ? Number.NaN : trips / requests,
  };
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits: number, width: number) => value.toFixed(digits).padStart(width);

function row(label: string, stack: Stack, runs: Measurement[], kind: DatabaseKind): string {
  const pick = (key: keyof Measurement) => median(runs.map((run) => run[key]));
  const errors = runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0);
  const trips = kind === 'pglite' ? 'in-process'.padStart(11) : num(pick('roundTripsPerRequest'), 2, 11);
  return (
    `${pad(label, 44)} ${pad(stack, 5)}${num(pick('requestsPerSecond'), 0, 8)}` +
    `${num(pick('p50Ms'), 1, 8)}${num(pick('p99Ms'), 1, 8)}${num(pick('cpuMicrosPerRequest'), 0, 11)}` +
    `${trips}${String(errors).padStart(8)}`
  );
}

interface Outcome {
  kind: DatabaseKind;
  label: string;
  ratio: number;
}

async function benchmark(kind: DatabaseKind): Promise<Outcome[]> {
  const server = new ServerProcess(kind);
  try {
    const ready = await server.next();
    if (ready.type !== 'ready') throw new Error(`${kind} server: ${JSON.stringify(ready)}`);
    const { targets } = ready.info;

    for (const target of targets) {
      for (const stack of ['full', 'bare'] as const) {
        // Warm-up: JIT, pools and the full stack's caller cache.
        await load(stack === 'full' ? target.fullUrl : target.bareUrl, {
          seconds: WARM_UP_SECONDS,
          connections: CONNECTIONS,
          headers: target.headers,
        });
      }
    }
    const runs = targets.map(() => ({ full: [] as Measurement[], bare: [] as Measurement[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, target] of targets.entries()) {
        const order: Stack[] = (round + index) % 2 === 0 ? ['full', 'bare'] : ['bare', 'full'];
        for (const stack of order) runs[index]![stack].push(await measure(server, target, stack, kind));
      }
    }

    console.log(`\n${ready.info.database}`);
    for (const note of ready.info.notes) console.log(`  note: ${note}`);
    console.log(
      `${pad('endpoint, credential', 44)} ${pad('stack', 5)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}` +
        `${'p99 ms'.padStart(8)}${'cpu µs/req'.padStart(11)}${'trips/req'.padStart(11)}${'errors'.padStart(8)}`,
    );
    const outcomes: Outcome[] = [];
    for (const [index, target] of targets.entries()) {
      const { full, bare } = runs[index]!;
      const label = `${target.endpoint}, ${target.credential}`;
      const ratios = full.map((run, round) => run.requestsPerSecond / bare[round]!.requestsPerSecond);
      const ratio = median(ratios);
      const cpuRatio = median(
        full.map((run, round) => run.cpuMicrosPerRequest / bare[round]!.cpuMicrosPerRequest),
      );
      console.log(row(label, 'full', full, kind));
      console.log(row('', 'bare', bare, kind));
      const verdict =
        kind === 'postgres'
          ? ` (target >= ${TARGET_RATIO.toFixed(2)}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`
          : '';
      console.log(
        `${pad('', 44)} full/bare throughput ${ratio.toFixed(2)}${verdict}, rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}; ` +
          `cpu/req ${cpuRatio.toFixed(2)}x`,
      );
      console.log(
        `${pad('', 44)} bare runs ${target.statements.length} SELECTs: ${target.statements.map(summarize).join(' | ')}`,
      );
      outcomes.push({ kind, label, ratio });
    }
    await server.stop();
    return outcomes;
  } catch (error) {
    server.kill();
    throw error;
  }
}

/** `select ... from sessions s join users u ...` -> `sessions, users` for the table's footnote. */
function summarize(statement: string): string {
  const tables = [...statement.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)].map((match) => match[1]!);
  return [...new Set(tables)].join('+') || statement.slice(0, 40);
}

async function main(): Promise<void> {
  console.log(
    `api-overhead: full stack vs bare Koa handler running the same SELECTs; ${CONNECTIONS} connections, ` +
      `${SECONDS}s per run, median of ${ROUNDS} rounds alternating full/bare, ${WARM_UP_SECONDS}s warm-up each`,
  );
  console.log(
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
      `server, load generator and database share them`,
  );
  const git = (...args: string[]) =>
    spawnSync('git', args, {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    }).stdout?.trim();
  const head = git('rev-parse', '--short', 'HEAD');
  if (head) {
    const changed = git('status', '--porcelain', '--', '../../service') ? ' plus uncommitted changes' : '';
    console.log(`service: the working tree at ${head}${changed}`);
  }
  console.log(
    'full: createApp as main builds it (caller cache, scoped transaction as closer_app, RLS, Drizzle); ' +
      'bare: Koa + pg as the database owner (PGlite: the instance itself), running the SELECTs the full stack ' +
      'sent for the same request on a cold caller cache, one query each, no transaction, scope, RLS or cache',
  );
  console.log(
    'cpu µs/req: server child process CPU (user+system) per response; trips/req: db.roundTrips() delta ' +
      '(full) or statements sent (bare) per response',
  );
  const outcomes: Outcome[] = [];
  let failed = false;
  for (const kind of DATABASES) {
    try {
      outcomes.push(...(await benchmark(kind)));
    } catch (error) {
      // One database failing (the service mid-change, no PostgreSQL server) still measures the other.
      failed = true;
      console.error(`\n${kind}: FAILED`, error);
    }
  }
  const onPostgres = outcomes.filter((outcome) => outcome.kind === 'postgres');
  if (onPostgres.length) {
    const missed = onPostgres.filter((outcome) => outcome.ratio < TARGET_RATIO);
    console.log(
      `\ntarget, full stack >= ${TARGET_RATIO * 100}% of the bare handler's throughput on PostgreSQL: ` +
        (missed.length
          ? `NOT met for ${missed.map((outcome) => `${outcome.label} (${outcome.ratio.toFixed(2)})`).join(', ')}`
          : `met for all ${onPostgres.length}`),
    );
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
