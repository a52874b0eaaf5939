import { AppError } from '../../core/errors/app-error.js';
import { holdsAny, requireTenant, type Actor, type TenantActor } from '../../core/identity/actor.js';
import { assertAllowed, type ActionPermissions } from '../../core/identity/policy.js';

export type AuditAction = 'readTenantLog' | 'readOwnLog' | 'readAnyLog' | 'readPlatformLog';

export const AUDIT_PERMISSIONS: ActionPermissions<AuditAction> = {
  /** The route: either way of reading an organization's log. */
  readTenantLog: ['org.view_audit_logs', 'platform.access_audit_logs'],
  /** Org Admins: their own organization's log. */
  readOwnLog: ['org.view_audit_logs'],
  /** Platform staff: any organization's log, every read itself on the platform's record. */
  readAnyLog: ['platform.access_audit_logs'],
  /** Platform staff: the platform's own log. */
  readPlatformLog: ['platform.access_audit_logs'],
};

/**
 * How a read of an organization's log reaches it: through the platform door (an audited platform
 * transaction that sees every organization, narrowed to `tenantId` when given) or in the reader's own
 * tenant transaction.
 */
export type TenantLogPath =
  { path: 'platform'; tenantId: string | null } | { path: 'tenant'; actor: TenantActor };

/**
 * Platform staff who name an organization, or who are in none, take the platform path; everyone else
 * reads their own organization's log, and naming another organization is a 404 (whether it exists or not).
 */
export function tenantLogPath(actor: Actor, tenantId: string | undefined): TenantLogPath {
  const platformStaff = holdsAny(actor, AUDIT_PERMISSIONS.readAnyLog);
  if (platformStaff && (tenantId !== undefined || !actor.tenantId)) {
    return { path: 'platform', tenantId: tenantId ?? null };
  }
  assertAllowed(actor, AUDIT_PERMISSIONS, 'readOwnLog');
  const member = requireTenant(actor);
  if (tenantId !== undefined && tenantId !== member.tenantId) {
    throw new AppError('audit_tenant_not_visible', {
      message: "You can read your own organization's audit log only",
    });
  }
  return { path: 'tenant', actor: member };
}

export function assertMayReadPlatformLog(actor: Actor): void {
  assertAllowed(actor, AUDIT_PERMISSIONS, 'readPlatformLog');
}
