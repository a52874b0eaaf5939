import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { recordWork, scopeHolders } from '../../core/identity/record-scope.js';
import { taskAudience } from '../tasks/tasks.policy.js';

export type PresenceAction = 'list';

/** Every member sees who of their organization is online. */
export const PRESENCE_PERMISSIONS: ActionPermissions<PresenceAction> = { list: [] };

/**
 * Who receives an event, as a subquery of user ids, decided when the event is written: the inverse of
 * each record's `visibleWhere`. A private task's events reach only its assignees, creator and the
 * assignees' managers (`taskAudience`); a deal's, those whose record scope holds its owner.
 */
export const audience = {
  task: (taskId: string): SQL => taskAudience(taskId),
  /** The owners' record-scope holders (previous and new owner on a reassignment). */
  opportunity: (ownerIds: readonly string[]): SQL =>
    scopeHolders(
      sql`(select unnest(array[${sql.join(
        ownerIds.map((id) => sql`${id}`),
        sql`, `,
      )}]::uuid[]))`,
      recordWork('opportunities.manage_assigned'),
    ),
  /** A user, if they are still an active member. */
  user: (userId: string): SQL =>
    sql`(select m.user_id from memberships m where m.user_id = ${userId} and m.status = 'active')`,
  /** Every active member (presence, system announcements). */
  everyone: (): SQL => sql`(select m.user_id from memberships m where m.status = 'active')`,
};

/**
 * A cookie rides along with any page's WebSocket to us: only pages of Closer itself (PUBLIC_URL's
 * origin) may use it. API keys are sent on purpose, from any client.
 */
export function cookieOriginAllowed(origin: string | undefined, publicUrl: string): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The rows a connection's caller was resolved from, as the `closer_access` NOTIFY names them: a change
 * to any of them re-checks the connection (signed out, suspended, demoted).
 */
export function accessDependencies(actor: Actor): string[] {
  const dependencies = [`user:${actor.userId}`];
  if (actor.sessionId) dependencies.push(`session:${actor.sessionId}`);
  if (actor.apiKeyId) dependencies.push(`api_key:${actor.apiKeyId}`);
  if (actor.membershipId) dependencies.push(`membership:${actor.membershipId}`);
  if (actor.roleId) dependencies.push(`role:${actor.roleId}`);
  if (actor.tenantId) dependencies.push(`tenant:${actor.tenantId}`);
  return dependencies;
}

/** Whether a re-resolved caller still sees what the connection was opened with. */
export function sameAccess(before: Actor, after: Actor): boolean {
  if (before.tenantId !== after.tenantId || before.roleId !== after.roleId) return false;
  if (before.permissions.size !== after.permissions.size) return false;
  return [...before.permissions].every((permission) => after.permissions.has(permission));
}
