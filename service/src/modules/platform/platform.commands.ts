import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { Metrics } from '../../core/http/metrics.js';
import type { Services } from '../../core/module/module.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import { issueResetToken } from '../auth/auth.commands.js';
import type { User } from '../users/users.tables.js';
import { assertMayBecomeSupport, PLATFORM_PERMISSIONS } from './platform.policy.js';
import * as repo from './platform.repo.js';
import type { Tenant } from './platform.tables.js';

/**
 * Work of platform staff, outside any organization. Each command is one `asPlatform` unit of work: the
 * audited door to cross-tenant reads and changes (platform routes open no transaction of their own).
 */
export interface PlatformCommand {
  actor: Actor;
  db: Database;
}

export async function listOrganizations({ actor, db }: PlatformCommand): Promise<repo.OrganizationRow[]> {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'listOrganizations');
  const audit = { action: 'platform.tenants_listed', entityType: 'tenant' };
  return asPlatform(db, actor, audit, (tx) => repo.listOrganizations(tx, actor));
}

export interface OrganizationChange {
  status?: 'active' | 'suspended' | undefined;
  plan?: string | undefined;
  name?: string | undefined;
}

function changeAction(before: Tenant, change: OrganizationChange): string {
  if (change.status && change.status !== before.status) {
    return change.status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated';
  }
  return 'tenant.updated';
}

/** Renames, re-plans, suspends or reactivates an organization; suspending ends its callers' access at once. */
export async function updateOrganization({
  actor,
  db,
  services,
  organizationId,
  ...change
}: PlatformCommand & OrganizationChange & { services: Services; organizationId: string }) {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'updateOrganization');
  const audit = {
    action: 'tenant.updated',
    entityType: 'tenant',
    entityId: organizationId,
    targetTenantId: organizationId,
    after: change,
  };
  return asPlatform(db, actor, audit, async (tx): Promise<repo.OrganizationRow> => {
    const before = await repo.findOrganization(tx, organizationId);
    if (!before) throw AppError.notFound('Organization');
    const tenant = await repo.updateOrganization(tx, { id: organizationId, ...change });
    await recordAudit(tx, organizationId, {
      action: changeAction(before, change),
      entityType: 'tenant',
      entityId: organizationId,
      before,
      after: tenant,
    });
    if (tenant.status === 'suspended') services.callers.forget(`tenant:${organizationId}`);
    return { tenant, memberCount: await repo.memberCount(tx, organizationId) };
  });
}

/** Registers support staff (read-only across organizations); a newcomer sets a password from the email. */
export async function addSupportStaff({
  actor,
  db,
  services,
  email,
  name,
}: PlatformCommand & { services: Services; email: string; name: string }): Promise<User> {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'addSupportStaff');
  const audit = { action: 'platform.support_staff_added', entityType: 'user', after: { email, name } };
  return asPlatform(db, actor, audit, async (tx) => {
    const existing = await repo.findUserByEmail(tx, email);
    assertMayBecomeSupport(existing);
    const user = await repo.putSupportStaff(tx, { existing, email, name });
    if (!existing?.passwordHash) await issueResetToken({ ...services, db }, tx, user, 'password_reset');
    return user;
  });
}

export async function listStaff({ actor, db }: PlatformCommand): Promise<User[]> {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'listStaff');
  const audit = { action: 'platform.staff_listed', entityType: 'user' };
  return asPlatform(db, actor, audit, (tx) => repo.listStaff(tx));
}

/**
 * The system's health: this process's requests over the last hour (rate, mean and 95th percentile
 * latency, server errors), jobs waiting and failed per queue, database size, active people and open
 * WebSocket connections. Counts only, no organization's records: read in a platform transaction
 * without an audit entry, so a health page polling every few seconds does not flood the platform's log.
 */
export async function systemHealth({
  actor,
  db,
  queue,
  metrics,
}: PlatformCommand & { queue: Services['queue']; metrics: Pick<Metrics, 'requestHistory'> | undefined }) {
  assertAllowed(actor, PLATFORM_PERMISSIONS, 'viewHealth');
  const [figures, failed] = await db.transaction(
    { tenantId: null, platform: true },
    async (tx) => [await repo.healthFigures(tx), await repo.failedJobs(tx)] as const,
  );
  const waiting: Record<string, number> = await queue.depth().catch(() => ({}));
  const queues = [...new Set([...Object.keys(waiting), ...Object.keys(failed)])]
    .sort()
    .map((name) => ({ name, waiting: waiting[name] ?? 0, failed24h: failed[name] ?? 0 }));
  return {
    at: new Date().toISOString(),
    requests: (await metrics?.requestHistory()) ?? [],
    queues,
    databaseBytes: figures.database_bytes,
    activeUsers: figures.active_users,
    connections: figures.connections,
    organizations: { active: figures.active_organizations, suspended: figures.suspended_organizations },
  };
}
