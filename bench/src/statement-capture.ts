/**
 * Records the SELECTs the full stack sends for one request, at the driver (pg's `Client#query`, PGlite's
 * `query` and the `query` of its transactions), so the bare handler can run exactly the same statements.
 * Transaction control and scope statements (`begin`, `set_config`, `set local role`, `commit`) are
 * Closer's own overhead and are left out; so is the job queue's SQL.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

type AnyFunction = (...args: unknown[]) => unknown;

let recorded: CapturedStatement[] | undefined;

const SELECT = /^\s*\(?\s*(select|with)\b/i;
const SCOPE = /^\s*select\s+set_config\s*\(/i;

function record(text: unknown, values: unknown): void {
  if (!recorded || typeof text !== 'string') return;
  if (!SELECT.test(text) || SCOPE.test(text) || /\bpgboss\./i.test(text)) return;
  recorded.push({ text, values: Array.isArray(values) ? [...(values as unknown[])] : [] });
}

let installed = false;
let redirected = 0;

/**
 * The pg client that owns the connection. service/src/core/db/postgres.ts (`transactionOn`/`countQueries`)
 * binds `query` to an `Object.create(client)` wrapper, so pg's `Client#query` runs with `this` = the
 * wrapper and its state (`_activeQuery`, `readyForQuery`) lands on the wrapper, not on the client the
 * connection's messages reach: in pipeline mode the second statement of a transaction then fails with
 * "Received unexpected rowDescription message from backend" and the process dies. Until the service binds
 * to the client itself, queries are run on it here, which is what that code means to do; once fixed,
 * this never triggers.
 */
function connectionClient(self: object): object {
  let target = self;
  while (Object.getPrototypeOf(target) !== pg.Client.prototype && target instanceof pg.Client) {
    target = Object.getPrototypeOf(target) as object;
  }
  if (target !== self) redirected += 1;
  return target;
}

/** Statements run on the connection's own client because the service called `query` on a wrapper. */
export function redirectedStatements(): number {
  return redirected;
}

/**
 * Installs the recorders; call before any connection is made (postgres.ts binds `query` per connection).
 * When not recording, the only cost is one branch per statement, on both stacks alike.
 */
export function installStatementCapture(): void {
  if (installed) return;
  installed = true;

  const client = pg.Client.prototype as unknown as { query: AnyFunction };
  const pgQuery = client.query;
  client.query = function (this: object, ...args: unknown[]) {
    const self = connectionClient(this);
    if (recorded) {
      const [first, second] = args;
      if (typeof first === 'string') record(first, second);
      else if (first && typeof first === 'object') {
        const config = first as { text?: unknown; values?: unknown };
        record(config.text, Array.isArray(second) ? second : config.values);
      }
    }
    return pgQuery.apply(self, args);
  };

  const lite = PGlite.prototype as unknown as { query: AnyFunction; transaction: AnyFunction };
  const liteQuery = lite.query;
  lite.query = function (this: unknown, ...args: unknown[]) {
    record(args[0], args[1]);
    return liteQuery.apply(this, args);
  };
  const liteTransaction = lite.transaction;
  lite.transaction = function (this: unknown, work: unknown) {
    if (!recorded || typeof work !== 'function') return liteTransaction.call(this, work);
    return liteTransaction.call(this, (tx: object) => {
      const query = (tx as { query: AnyFunction }).query;
      const watched = new Proxy(tx, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
          return (...args: unknown[]) => {
            record(args[0], args[1]);
            return query(...args);
          };
        },
      });
      return (work as AnyFunction)(watched);
    });
  };
}

/** The SELECTs sent while `action` runs (nothing else may run meanwhile). */
export async function captureStatements(action: () => Promise<void>): Promise<CapturedStatement[]> {
  if (!installed) throw new Error('installStatementCapture() first');
  const statements: CapturedStatement[] = [];
  recorded = statements;
  try {
    await action();
  } finally {
    recorded = undefined;
  }
  return statements;
}
