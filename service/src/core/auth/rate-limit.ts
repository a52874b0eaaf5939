import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.js';

/**
 * Sign-in throttles. In memory per process: with several API instances the effective limit is per
 * instance (a Postgres-backed limiter is the upgrade path; see the issue note).
 */
export function createSignInLimiter(options: { perIp?: number; perAccount?: number } = {}) {
  const byIp = new RateLimiterMemory({
    keyPrefix: 'login_ip',
    points: options.perIp ?? 30,
    duration: 10 * 60,
  });
  const byAccount = new RateLimiterMemory({
    keyPrefix: 'login_account',
    points: options.perAccount ?? 8,
    duration: 15 * 60,
  });

  const tooMany = (result: RateLimiterRes, what: string) => {
    const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    return new AppError('rate_limited', {
      message: `Too many sign-in attempts ${what}; try again in ${seconds} seconds`,
      headers: { 'Retry-After': String(seconds) },
    });
  };
  const consume = async (limiter: RateLimiterMemory, key: string, what: string) => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw tooMany(rejection, what);
      throw rejection;
    }
  };

  return {
    /** Counts one attempt against the IP and the account; throws 429 with Retry-After when over. */
    async attempt(ip: string, account: string): Promise<void> {
      await consume(byIp, ip, 'from your network');
      await consume(byAccount, account, 'for this account');
    },
    /** A successful sign-in clears the account's count. */
    async succeeded(account: string): Promise<void> {
      await byAccount.delete(account);
    },
  };
}
export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
