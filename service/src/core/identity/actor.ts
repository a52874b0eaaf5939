import type { Permission, PlatformRole } from './permissions.js';

/** Who is calling, established once per request by the auth middleware. */
export interface AuthContext {
  userId: string;
  email: string;
  name: string;
  /** The organization the caller acts in; null for platform staff outside any organization. */
  tenantId: string | null;
  membershipId: string | null;
  roleId: string | null;
  platformRole: PlatformRole | null;
  permissions: ReadonlySet<Permission>;
  via: 'web' | 'api';
  sessionId: string | null;
  apiKeyId: string | null;
}

export function hasPermission(auth: AuthContext, permission: Permission): boolean {
  return auth.permissions.has(permission);
}
