import { currentScope } from './request-context.js';
import type { Database, Tx } from '../db/database.js';

/** The helper route handlers and use cases call: one transaction in the current tenant. */
export function inTenant<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(currentScope(), work);
}
