import type { Database, TenantScope, Tx } from '../db/database.js';
import { recordPlatformAudit, type AuditEntry } from '../audit/audit.js';
import { currentContext } from '../context/request-context.js';
import type { Actor } from '../identity/actor.js';

/**
 * The one, greppable door to cross-tenant work. It runs `work` with `app.platform` on (RLS policies
 * named platform_* let it through) and writes a platform audit entry in the same transaction, so every
 * cross-tenant read or change is on record. `tenantId` narrows the scope to one organization.
 */
export function asPlatform<T>(
  db: Database,
  /** Who acts; `userId: null` for the system's own scheduled work (the trash purge). */
  auth: { userId: Actor['userId'] | null },
  audit: AuditEntry & { targetTenantId?: string | null },
  work: (tx: Tx) => Promise<T>,
  tenantId: string | null = audit.targetTenantId ?? null,
): Promise<T> {
  const scope: TenantScope = { tenantId, userId: auth.userId, platform: true };
  // As `inTenant` does: every entry written inside (this one, organizations' own) names who acted.
  const context = currentContext();
  if (context && auth.userId) context.userId = auth.userId;
  return db.transaction(scope, async (tx) => {
    const result = await work(tx);
    await recordPlatformAudit(tx, { actorId: auth.userId, ...audit });
    return result;
  });
}
