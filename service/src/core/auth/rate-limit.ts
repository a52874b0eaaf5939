import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { signInLimits } from './rate-limit.tables.js';

export interface SignInLimits {
  /** Attempts one address may make in a window, whatever the accounts; sign-ins that succeed are given back. */
  perAddress: number;
  /** Attempts at one account from one address in a window; a sign-in from there clears them. */
  perAccountAndAddress: number;
  /**
   * Attempts at one account, from anywhere, before addresses it does not know must wait between tries
   * (1 s, 2 s, 4 s, ... up to `maxDelaySeconds`). The account is slowed down, never locked: addresses
   * that signed in to it before are not made to wait.
   */
  slowAccountAfter: number;
  maxDelaySeconds: number;
  windowMinutes: number;
  /** How long an address that signed in to an account stays known to it. */
  knownAddressDays: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAddress: 30,
  perAccountAndAddress: 8,
  slowAccountAfter: 8,
  maxDelaySeconds: 30,
  windowMinutes: 15,
  knownAddressDays: 30,
};

export interface SignInLimiter {
  /** Counts an attempt before the password is checked; throws 429 with Retry-After when over a limit. */
  attempt(address: string | null, account: string): Promise<void>;
  /** That attempt signed in: it is given back, and the address becomes known to the account. */
  succeeded(address: string | null, account: string): Promise<void>;
}

const AUTH = { tenantId: null, system: 'auth' } as const;
const CLEANUP_EVERY_MS = 10 * 60_000;

interface Counter {
  key: string;
  failures: number;
  windowEndsAt: Date;
  nextAttemptAt: Date | null;
}

function keysOf(address: string | null, account: string) {
  const from = address ?? 'unknown';
  return {
    address: `address:${from}`,
    pair: `pair:${from}|${account}`,
    account: `account:${account}`,
    known: `known:${from}|${account}`,
  };
}

/**
 * Locks the counters (creating missing ones) in key order, so concurrent attempts queue rather than
 * deadlock. A counter whose window has ended comes back fresh.
 */
async function lockCounters(
  tx: Tx,
  keys: ReturnType<typeof keysOf>,
  at: Date,
  windowEndsAt: Date,
): Promise<Record<'account' | 'address' | 'pair', Counter>> {
  const wanted = [keys.account, keys.address, keys.pair].sort();
  await tx
    .insert(signInLimits)
    .values(wanted.map((key) => ({ key, failures: 0, windowEndsAt })))
    .onConflictDoNothing();
  const rows = await tx
    .select()
    .from(signInLimits)
    .where(inArray(signInLimits.key, wanted))
    .orderBy(signInLimits.key)
    .for('update');
  const counter = (key: string): Counter => {
    const row = rows.find((candidate) => candidate.key === key);
    return row && row.windowEndsAt > at
      ? { ...row }
      : { key, failures: 0, windowEndsAt, nextAttemptAt: null };
  };
  return { account: counter(keys.account), address: counter(keys.address), pair: counter(keys.pair) };
}

async function saveCounter(tx: Tx, counter: Counter): Promise<void> {
  const { failures, windowEndsAt, nextAttemptAt } = counter;
  await tx
    .insert(signInLimits)
    .values(counter)
    .onConflictDoUpdate({ target: signInLimits.key, set: { failures, windowEndsAt, nextAttemptAt } });
}

const tooMany = (until: Date, at: Date, what: string) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
  return new AppError('rate_limited', {
    message: `Too many sign-in attempts ${what}; try again in ${seconds} seconds`,
    headers: { 'Retry-After': String(seconds) },
  });
};

/**
 * Sign-in throttles kept in PostgreSQL (`sign_in_limits`), so every instance shares them and a restart
 * forgets nothing. `now` is for tests that step through the delays.
 */
export function createSignInLimiter(options: {
  db: Database;
  limits?: Partial<SignInLimits>;
  now?: () => Date;
}): SignInLimiter {
  const limits = { ...DEFAULT_SIGN_IN_LIMITS, ...options.limits };
  const now = options.now ?? (() => new Date());
  const { db } = options;
  let lastCleanup = 0;

  const delayMs = (overLimit: number) =>
    Math.min(2 ** Math.min(overLimit - 1, 30), limits.maxDelaySeconds) * 1000;

  /** Counters whose window ended are as good as absent; dropping them keeps the table small. */
  async function cleanup(at: Date): Promise<void> {
    if (at.getTime() - lastCleanup < CLEANUP_EVERY_MS) return;
    lastCleanup = at.getTime();
    await db.transaction(AUTH, (tx) => tx.delete(signInLimits).where(lt(signInLimits.windowEndsAt, at)));
  }

  return {
    async attempt(address, account) {
      const at = now();
      await cleanup(at);
      const keys = keysOf(address, account);
      const windowEndsAt = new Date(at.getTime() + limits.windowMinutes * 60_000);
      const refusal = await db.transaction(AUTH, async (tx) => {
        const counters = await lockCounters(tx, keys, at, windowEndsAt);
        const { account: byAccount, address: byAddress, pair: byPair } = counters;
        const known = await tx
          .select({ key: signInLimits.key })
          .from(signInLimits)
          .where(and(eq(signInLimits.key, keys.known), gt(signInLimits.windowEndsAt, at)));
        const slowed = known.length === 0 && byAccount.failures >= limits.slowAccountAfter;
        if (byAddress.failures >= limits.perAddress)
          return tooMany(byAddress.windowEndsAt, at, 'from your network');
        if (byPair.failures >= limits.perAccountAndAddress)
          return tooMany(byPair.windowEndsAt, at, 'for this account from your network');
        if (slowed && byAccount.nextAttemptAt && byAccount.nextAttemptAt > at)
          return tooMany(byAccount.nextAttemptAt, at, 'for this account');
        for (const counter of [byAccount, byAddress, byPair]) counter.failures += 1;
        if (slowed) {
          const overLimit = byAccount.failures - limits.slowAccountAfter;
          byAccount.nextAttemptAt = new Date(at.getTime() + delayMs(overLimit));
        }
        for (const counter of [byAccount, byAddress, byPair]) await saveCounter(tx, counter);
        return undefined;
      });
      if (refusal) throw refusal;
    },

    async succeeded(address, account) {
      const at = now();
      const keys = keysOf(address, account);
      const windowEndsAt = new Date(at.getTime() + limits.windowMinutes * 60_000);
      await db.transaction(AUTH, async (tx) => {
        const { account: byAccount, address: byAddress } = await lockCounters(tx, keys, at, windowEndsAt);
        for (const counter of [byAccount, byAddress]) {
          counter.failures = Math.max(0, counter.failures - 1);
          await saveCounter(tx, counter);
        }
        await tx.delete(signInLimits).where(eq(signInLimits.key, keys.pair));
        const knownUntil = new Date(at.getTime() + limits.knownAddressDays * 86_400_000);
        await saveCounter(tx, {
          key: keys.known,
          failures: 0,
          windowEndsAt: knownUntil,
          nextAttemptAt: null,
        });
      });
    },
  };
}
