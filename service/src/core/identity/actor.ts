import { AppError } from '../errors/app-error.js';
import type { Permission, PlatformRole } from './permissions.js';

/** Channels a change can come through; every audit entry and domain event records one. */
export const VIAS = ['web', 'api', 'slack', 'teams', 'import', 'workflow', 'system'] as const;
export type Via = (typeof VIAS)[number];

/** Who is acting: resolved once per request (session or API key), per chat message, or per job. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  /** The organization the actor works in; null for platform staff outside any organization. */
  tenantId: string | null;
  membershipId: string | null;
  roleId: string | null;
  platformRole: PlatformRole | null;
  permissions: ReadonlySet<Permission>;
  via: Via;
  sessionId: string | null;
  apiKeyId: string | null;
}

/** An actor inside an organization: what every tenant command takes. */
export interface TenantActor extends Actor {
  tenantId: string;
}

/** The actor as a tenant actor; platform staff outside an organization get a clear 409. */
export function requireTenant(actor: Actor): TenantActor {
  if (!actor.tenantId) throw new AppError('no_tenant', { message: 'Switch to an organization first' });
  return actor as TenantActor;
}

/** Whether the actor holds at least one of `permissions` (none given: everyone does). */
export function holdsAny(actor: Pick<Actor, 'permissions'>, permissions: readonly Permission[]): boolean {
  return permissions.length === 0 || permissions.some((permission) => actor.permissions.has(permission));
}
