import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditChannel } from '../db/schema.js';
import type { TenantScope } from '../db/database.js';

/** What every piece of code may know about the work it is doing for someone. */
export interface RequestContext {
  requestId: string;
  via: AuditChannel;
  ip?: string | undefined;
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

/** The tenant of the current work; throws when none is set, so code never runs unscoped by accident. */
export function currentScope(): TenantScope {
  const context = storage.getStore();
  if (!context?.tenantId) throw new Error('No tenant in the current context');
  return { tenantId: context.tenantId, userId: context.userId ?? null };
}

/** Sets the tenant (and user) for the rest of the current request or job. */
export function enterTenant(scope: TenantScope): void {
  const context = storage.getStore();
  if (!context) throw new Error('enterTenant called outside a request or job context');
  context.tenantId = scope.tenantId ?? undefined;
  context.userId = scope.userId ?? undefined;
}
