import { AsyncLocalStorage } from 'node:async_hooks';
import type { Via } from '../identity/actor.js';

/** What every piece of code may know about the work it is doing for someone. */
export interface RequestContext {
  requestId: string;
  via: Via;
  ip?: string | undefined;
  /** Set by `inTenant` when the unit of work opens its transaction, and only there. */
  tenantId?: string | undefined;
  userId?: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` visible to everything it calls, including log lines. */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
