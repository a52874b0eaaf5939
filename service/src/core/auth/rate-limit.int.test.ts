import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError } from '../errors/app-error.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { createSignInLimiter, type SignInLimiter, type SignInLimits } from './rate-limit.js';

const LIMITS: SignInLimits = {
  perAddress: 6,
  perAccountAndAddress: 3,
  slowAccountAfter: 4,
  maxDelaySeconds: 8,
  windowMinutes: 15,
  knownAddressDays: 30,
};

/** What one attempt comes to: `ok`, or the 429's Retry-After in seconds. */
async function outcome(limiter: SignInLimiter, address: string, account: string): Promise<'ok' | number> {
  try {
    await limiter.attempt(address, account);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited')
      return Number(error.headers['Retry-After']);
    throw error;
  }
}

describe('sign-in limits', () => {
  let database: TestDatabase;
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const limiter = (limits: Partial<SignInLimits> = {}) =>
    createSignInLimiter({ db: database.db, limits: { ...LIMITS, ...limits }, now: () => new Date(clock) });
  let accounts = 0;
  const newAccount = () => `user${++accounts}@example.test`;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('lets the real user in from their address after many failures from other addresses', async () => {
    const signIn = limiter();
    const account = newAccount();
    await signIn.attempt('198.51.100.1', account);
    await signIn.succeeded('198.51.100.1', account);
    const outcomes = [];
    for (let n = 1; n <= 12; n++) outcomes.push(await outcome(signIn, `203.0.113.${n}`, account));
    expect(outcomes.filter((result) => result === 'ok').length).toBeGreaterThanOrEqual(4);
    expect(outcomes).toContainEqual(expect.any(Number)); // the account is being slowed down
    expect(await outcome(signIn, '198.51.100.1', account)).toBe('ok');
    await signIn.succeeded('198.51.100.1', account);
  });

  it('slows an account under attack down for unknown addresses, with a growing delay, and never locks it', async () => {
    const signIn = limiter();
    const account = newAccount();
    for (let n = 1; n <= 4; n++) expect(await outcome(signIn, `203.0.113.${n}`, account)).toBe('ok');
    const delays = [];
    for (let n = 5; n <= 10; n++) {
      expect(await outcome(signIn, `203.0.113.${n}`, account)).toBe('ok');
      const wait = await outcome(signIn, '192.0.2.200', account);
      expect(typeof wait).toBe('number');
      delays.push(wait);
      clock += (wait as number) * 1000;
    }
    expect(delays).toEqual([1, 2, 4, 8, 8, 8]);
    // A first-time address is let in as soon as the delay has passed, even with the attack going on.
    expect(await outcome(signIn, '192.0.2.200', account)).toBe('ok');
  });

  it('refuses one address at one account after its failures, and only that address', async () => {
    const signIn = limiter();
    const account = newAccount();
    for (let n = 0; n < 3; n++) expect(await outcome(signIn, '203.0.113.50', account)).toBe('ok');
    expect(await outcome(signIn, '203.0.113.50', account)).toBeGreaterThan(0);
    expect(await outcome(signIn, '203.0.113.51', account)).toBe('ok');
    expect(await outcome(signIn, '203.0.113.50', newAccount())).toBe('ok');
  });

  it('refuses an address that fails at many accounts, and no other address', async () => {
    const signIn = limiter();
    for (let n = 0; n < 6; n++) expect(await outcome(signIn, '203.0.113.60', newAccount())).toBe('ok');
    expect(await outcome(signIn, '203.0.113.60', newAccount())).toBeGreaterThan(0);
    expect(await outcome(signIn, '203.0.113.61', newAccount())).toBe('ok');
  });

  it('does not count sign-ins that succeed against the address', async () => {
    const signIn = limiter();
    for (let n = 0; n < 10; n++) {
      const account = newAccount();
      await signIn.attempt('203.0.113.70', account);
      await signIn.succeeded('203.0.113.70', account);
    }
    for (let n = 0; n < 6; n++) expect(await outcome(signIn, '203.0.113.70', newAccount())).toBe('ok');
    expect(await outcome(signIn, '203.0.113.70', newAccount())).toBeGreaterThan(0);
  });

  it('keeps its state in the database: a new limiter (another instance, a restart) still refuses', async () => {
    const account = newAccount();
    const first = limiter();
    for (let n = 0; n < 3; n++) await first.attempt('203.0.113.80', account);
    expect(await outcome(limiter(), '203.0.113.80', account)).toBeGreaterThan(0);
  });

  it('forgets failures when the window ends', async () => {
    const signIn = limiter();
    const account = newAccount();
    for (let n = 0; n < 3; n++) await signIn.attempt('203.0.113.90', account);
    expect(await outcome(signIn, '203.0.113.90', account)).toBeGreaterThan(0);
    clock += 15 * 60_000 + 1;
    expect(await outcome(signIn, '203.0.113.90', account)).toBe('ok');
  });
});
