/**
 * The two statements that turn a credential into a caller, each one round trip: the credential, its
 * user, their membership and role in the organization, and the organization's status, in one join.
 * They run in the `system: 'auth'` scope, whose row-level security policies allow exactly these reads.
 */

export interface SessionCallerRow {
  session_id: string;
  user_id: string;
  email: string;
  name: string;
  user_status: string;
  platform_role: 'super_admin' | 'support' | null;
  active_tenant_id: string | null;
  expires_at: Date;
  last_seen_at: Date;
  membership_id: string | null;
  membership_status: string | null;
  role_id: string | null;
  permissions: string[] | null;
  tenant_status: string | null;
}

export const SESSION_CALLER = `
select s.id as session_id, u.id as user_id, u.email, u.name, u.status as user_status, u.platform_role,
       s.active_tenant_id, s.expires_at, s.last_seen_at,
       m.id as membership_id, m.status as membership_status, r.id as role_id, r.permissions,
       t.status as tenant_status
  from sessions s
  join users u on u.id = s.user_id
  left join memberships m on m.tenant_id = s.active_tenant_id and m.user_id = s.user_id
  left join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
  left join tenants t on t.id = s.active_tenant_id
 where s.token_hash = $1 and s.expires_at > now() and s.last_seen_at > $2
 limit 1`;

export interface ApiKeyCallerRow {
  key_id: string;
  tenant_id: string;
  secret_hash: string;
  key_permissions: string[];
  revoked_at: Date | null;
  last_used_at: Date | null;
  tenant_status: string;
  user_id: string;
  email: string;
  name: string;
  user_status: string;
  membership_id: string;
  membership_status: string;
  role_id: string;
  role_permissions: string[];
}

export const API_KEY_CALLER = `
select k.id as key_id, k.tenant_id, k.secret_hash, k.permissions as key_permissions, k.revoked_at,
       k.last_used_at, t.status as tenant_status, u.id as user_id, u.email, u.name, u.status as user_status,
       m.id as membership_id, m.status as membership_status, r.id as role_id, r.permissions as role_permissions
  from api_keys k
  join tenants t on t.id = k.tenant_id
  join users u on u.id = k.created_by
  join memberships m on m.tenant_id = k.tenant_id and m.user_id = k.created_by
  join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
 where k.prefix = $1
 limit 1`;
