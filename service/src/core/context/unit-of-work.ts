import { v7 as uuidv7 } from 'uuid';
import type { Database, TransactionOptions, Tx } from '../db/database.js';
import type { TenantActor } from '../identity/actor.js';
import { currentContext, runWithContext } from './request-context.js';

/**
 * Opens the one tenant transaction of a request, chat message or job, and makes its actor the context
 * that logs and audit entries read: the transaction's scope and the context are set together, here only.
 * Commands run inside it and never open their own.
 */
export function inTenant<T>(
  db: Database,
  actor: TenantActor,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const scope = { tenantId: actor.tenantId, userId: actor.userId };
  const context = currentContext();
  if (context) {
    Object.assign(context, scope, { via: actor.via });
    return db.transaction(scope, work, options);
  }
  return runWithContext({ requestId: uuidv7(), via: actor.via, ...scope }, () =>
    db.transaction(scope, work, options),
  );
}
