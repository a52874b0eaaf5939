/**
 * bench/realtime: one stage change fanned out to 1,000 WebSocket clients of one organization, against a
 * bare `ws` broadcast of the same message to 1,000 clients, in the same run.
 *
 * A server process (realtime-server.ts) runs Closer as `main` wires it (API with /ws, the worker's event
 * dispatcher, the job queue) and a bare `ws` server. This process holds the clients: 1,000 sockets to
 * Closer (one per member: the deal's owner and 999 managers of their team, so all may see the deal;
 * session cookies from Closer's origin) and 1,000 to the bare server. Rounds alternate: the owner moves
 * the deal to another stage through the HTTP API, and each Closer client notes when its
 * `opportunity.stage_changed` arrives; the bare server sends the message Closer sent, and each bare
 * client notes when it arrives. Latency is arrival minus the commit (the moment the stage change's HTTP
 * response reached the server process, just after the commit) or minus the start of the bare broadcast,
 * on one clock (`performance.timeOrigin + performance.now()`).
 *
 * The path measured for Closer: commit -> domain event NOTIFY -> dispatcher -> realtime handler (audience
 * of the deal: scope holders of its owner) -> realtime_events row -> NOTIFY at its commit -> the API's
 * listener reads the row -> one JSON string sent to each socket in the audience.
 *
 * Environment: BENCH_DATABASES (default `pglite,postgres`), BENCH_DATABASE_URL or TEST_DATABASE_URL (a
 * PostgreSQL server where it may create a database; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_CLIENTS (1000), BENCH_ROUNDS (20 of each), BENCH_HANDLERS (default `realtime,all`: the worker runs
 * the realtime handler alone, then every module's handlers as in production, where the notifications
 * module also turns the stage change into one notification and one `notification.new` per manager,
 * through the same dispatcher).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { DatabaseKind, HandlerSet, OrchestratorMessage, ServerMessage } from './realtime-server.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 20));
const TARGET_P99_MS = 100;
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres')
  .split(',')
  .map((kind) => kind.trim())
  .filter(Boolean) as DatabaseKind[];
const HANDLER_SETS = (process.env.BENCH_HANDLERS ?? 'realtime,all')
  .split(',')
  .map((set) => set.trim())
  .filter(Boolean) as HandlerSet[];
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

class Server {
  private readonly child: ChildProcess;
  private readonly waiting: ((message: ServerMessage) => void)[] = [];

  constructor(kind: DatabaseKind, handlers: HandlerSet) {
    const script = fileURLToPath(new URL('./realtime-server.ts', import.meta.url));
    this.child = fork(script, [kind, handlers], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--conditions=closer-source', '--import', 'tsx'],
    });
    this.child.on('message', (message: ServerMessage) => {
      if (message.type === 'failed') {
        console.error(`server failed: ${message.error}`);
        process.exit(1);
      }
      this.waiting.shift()?.(message);
    });
  }

  next<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>> {
    return new Promise((resolve, reject) =>
      this.waiting.push((message) =>
        message.type === type
          ? resolve(message as Extract<ServerMessage, { type: T }>)
          : reject(new Error(`expected ${type}, got ${message.type}`)),
      ),
    );
  }

  ask<T extends ServerMessage['type']>(message: OrchestratorMessage, answer: T) {
    const reply = this.next(answer);
    this.child.send(message);
    return reply;
  }
}

/** Sockets that note when each message they want arrives. */
class Clients {
  readonly sockets: WebSocket[] = [];
  /** Arrival times of the current round, one per socket at most. */
  arrivals: number[] = [];
  lastMessageAt = 0;
  /** The text of the last wanted message (what the bare server then broadcasts: same bytes). */
  sample = '';
  /** Messages of the round a socket received more than once. */
  duplicates = 0;
  private expected = 0;
  private done: (() => void) | undefined;
  private wanted: (text: string) => boolean = () => false;
  private arrived = new Set<WebSocket>();

  async open(url: string, headerSets: Record<string, string>[], ready?: string): Promise<void> {
    const batch = 100;
    for (let start = 0; start < headerSets.length; start += batch) {
      await Promise.all(
        headerSets.slice(start, start + batch).map((headers) => this.connect(url, headers, ready)),
      );
    }
  }

  private connect(url: string, headers: Record<string, string>, ready?: string): Promise<void> {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
      headers: rest,
      ...(origin && { origin }),
    });
    this.sockets.push(ws);
    return new Promise((resolve, reject) => {
      ws.on('error', reject);
      if (!ready) ws.on('open', () => resolve());
      ws.on('message', (data: Buffer) => {
        const at = now();
        this.lastMessageAt = at;
        const text = data.toString('utf8');
        if (ready && text.includes(ready)) resolve();
        if (this.expected && this.wanted(text)) {
          if (this.arrived.has(ws)) {
            this.duplicates++;
            return;
          }
          this.arrived.add(ws);
          this.sample = text;
          this.arrivals.push(at);
          if (this.arrivals.length === this.expected) this.done?.();
        }
      });
      ws.on('close', (code) => reject(new Error(`socket closed with ${code}`)));
    });
  }

  /** Resolves when every socket got the wanted message (or after `timeoutMs`), with the arrival times. */
  round(
    wanted: (text: string) => boolean,
    trigger: () => Promise<number>,
    timeoutMs = 15_000,
  ): Promise<{ start: number; arrivals: number[] }> {
    this.arrivals = [];
    this.arrived = new Set();
    this.wanted = wanted;
    this.expected = this.sockets.length;
    return new Promise((resolve, reject) => {
      const finished = new Promise<void>((done) => (this.done = done));
      const timer = new Promise<void>((done) => setTimeout(done, timeoutMs).unref());
      trigger().then(async (start) => {
        await Promise.race([finished, timer]);
        await this.settle(200);
        this.expected = 0;
        resolve({ start, arrivals: this.arrivals });
      }, reject);
    });
  }

  /** Waits until no message arrived for `quietMs` (the presence events of a connection storm). */
  async settle(quietMs = 1_500): Promise<void> {
    while (now() - this.lastMessageAt < quietMs) await new Promise((resolve) => setTimeout(resolve, 200));
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}

function summary(label: string, samples: number[], missing: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    label,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
    samples: sorted.length,
    missing,
  };
}

async function run(kind: DatabaseKind, handlers: HandlerSet): Promise<void> {
  const server = new Server(kind, handlers);
  const ready = await server.next('ready');
  const which = handlers === 'all' ? "every module's event handlers" : 'the realtime handler alone';
  console.log(`\n== ${ready.database}, ${which}: ${ready.cookies.length} clients, ${ROUNDS} rounds each`);
  const closer = new Clients();
  const bare = new Clients();
  const started = now();
  await closer.open(
    ready.closerUrl,
    ready.cookies.map((cookie) => ({ cookie, origin: ready.origin })),
    '"connection.ready"',
  );
  console.log(`connected ${closer.sockets.length} Closer sockets in ${Math.round(now() - started)} ms`);
  await closer.settle();
  console.log(
    `presence settled after ${Math.round(now() - started)} ms (each connection's user.online goes to every member)`,
  );
  await bare.open(
    ready.bareUrl,
    ready.cookies.map(() => ({})),
  );

  const closerLatencies: number[] = [];
  const bareLatencies: number[] = [];
  const dispatchLags: number[] = [];
  const fanOuts: number[] = [];
  let closerMissing = 0;
  let bareMissing = 0;
  let payload = '';
  for (let round = 0; round < ROUNDS + 1; round++) {
    // The deal starts in the first open stage; each round takes it to the next one.
    const target = ready.stages[(round + 1) % ready.stages.length]!;
    const moved = await closer.round(
      (text) => text.includes('"opportunity.stage_changed"') && text.includes(`"toStageId":"${target}"`),
      async () => {
        const answer = await server.ask({ type: 'move', stageId: target }, 'moved');
        if (answer.status !== 200) throw new Error(`stage change answered ${answer.status}`);
        return answer.at;
      },
    );
    payload ||= closer.sample;
    // The realtime event's time is its handler transaction's start: the split between the dispatcher's
    // hop and the fan-out.
    const written = Date.parse((JSON.parse(closer.sample) as { occurredAt: string }).occurredAt);
    const sent = await bare.round(
      () => true,
      async () => (await server.ask({ type: 'broadcast', payload }, 'broadcasted')).at,
    );
    if (round === 0) continue; // warm-up
    closerLatencies.push(...moved.arrivals.map((at) => at - moved.start));
    dispatchLags.push(written - moved.start);
    fanOuts.push(...moved.arrivals.map((at) => at - written));
    bareLatencies.push(...sent.arrivals.map((at) => at - sent.start));
    closerMissing += closer.sockets.length - moved.arrivals.length;
    bareMissing += bare.sockets.length - sent.arrivals.length;
  }
  const rows = [
    summary('Closer: commit -> client (stage change)', closerLatencies, closerMissing + closer.duplicates),
    summary('bare ws broadcast -> client', bareLatencies, bareMissing),
    summary('  of which commit -> realtime handler', dispatchLags, 0),
    summary('  of which realtime handler -> client', fanOuts, 0),
  ];
  const format = (ms: number) => `${ms.toFixed(1)} ms`;
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(40)} p50 ${format(row.p50).padStart(9)}  p99 ${format(row.p99).padStart(9)}  max ${format(row.max).padStart(9)}  (${row.samples} samples, ${row.missing} missing)`,
    );
  }
  const [full, base] = rows as [ReturnType<typeof summary>, ReturnType<typeof summary>];
  console.log(
    `ratio Closer / bare: p50 ${(full.p50 / base.p50).toFixed(1)}x, p99 ${(full.p99 / base.p99).toFixed(1)}x; ` +
      `p99 target ${TARGET_P99_MS} ms: ${full.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`,
  );
  closer.close();
  bare.close();
  await server.ask({ type: 'stop' }, 'stopped');
}

for (const kind of DATABASES) for (const handlers of HANDLER_SETS) await run(kind, handlers);
process.exit(0);
