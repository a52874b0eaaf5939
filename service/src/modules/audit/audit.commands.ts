import type { AuditEntry } from '../../core/audit/audit.js';
import type { Actor } from '../../core/identity/actor.js';
import type { CommandInput } from '../../core/module/module.js';
import { assertMayReadPlatformLog, tenantLogPath } from './audit.policy.js';
import * as repo from './audit.repo.js';
import type { AuditFilters } from './audit.schema.js';
import type { AuditLog, PlatformAuditLog } from './audit.tables.js';

/**
 * Reads run in the transaction the caller opened for the path `tenantLogPath` chose: the reader's tenant
 * transaction, or `asPlatform`'s, which writes the entry below to the platform's log.
 */
type Command = CommandInput<Actor>;

/** A page of an organization's log: the reader's own, or for platform staff the one named (or all). */
export async function readTenantLog({
  actor,
  tx,
  ...filters
}: Command & AuditFilters): Promise<repo.AuditLogPage<AuditLog>> {
  const reach = tenantLogPath(actor, filters.tenantId);
  const tenantId = reach.path === 'platform' ? (reach.tenantId ?? undefined) : reach.actor.tenantId;
  return repo.tenantLogPage(tx, { ...filters, tenantId });
}

/** A page of the platform's own log (organizations created and suspended, staff, cross-tenant reads). */
export async function readPlatformLog({
  actor,
  tx,
  ...filters
}: Command & AuditFilters): Promise<repo.AuditLogPage<PlatformAuditLog>> {
  assertMayReadPlatformLog(actor);
  return repo.platformLogPage(tx, filters);
}

type PlatformEntry = AuditEntry & { targetTenantId?: string | null };

/** What the platform's log records when staff read an organization's log (or every organization's). */
export function tenantLogReadEntry(filters: AuditFilters): PlatformEntry {
  return {
    action: 'platform.audit_log_read',
    entityType: 'audit_log',
    targetTenantId: filters.tenantId ?? null,
    after: filters,
  };
}

/** What the platform's log records when staff read that log itself. */
export function platformLogReadEntry(filters: AuditFilters): PlatformEntry {
  return {
    action: 'platform.platform_log_read',
    entityType: 'platform_audit_log',
    after: filters,
  };
}
