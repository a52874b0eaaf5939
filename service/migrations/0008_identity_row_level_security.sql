-- Row-level security for identity. Tenant tables keep the one tenant_isolation policy; the extra,
-- narrower policies below are what sign-in (app.system = 'auth'), platform staff (app.platform = 'on',
-- set only by asPlatform) and a user reading their own records need.
CREATE FUNCTION is_platform() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.platform', true), '') = 'on' $$;
--> statement-breakpoint
CREATE FUNCTION is_auth_system() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.system', true), '') = 'auth' $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION is_platform(), is_auth_system() TO closer_app;
--> statement-breakpoint

-- tenants: members see their organizations; sign-in checks status; the platform sees all.
CREATE POLICY member_read ON tenants FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = current_user_id()));
--> statement-breakpoint
CREATE POLICY auth_read ON tenants FOR SELECT USING (is_auth_system());
--> statement-breakpoint
CREATE POLICY platform_access ON tenants USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint

-- users: yourself, members of the current organization, sign-in, the platform.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY self ON users USING (id = current_user_id()) WITH CHECK (id = current_user_id());
--> statement-breakpoint
CREATE POLICY tenant_members ON users FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = current_tenant_id()));
--> statement-breakpoint
CREATE POLICY auth_access ON users USING (is_auth_system()) WITH CHECK (is_auth_system());
--> statement-breakpoint
CREATE POLICY platform_access ON users USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON users TO closer_app;
--> statement-breakpoint

-- roles, memberships, teams, team_members, api_keys, invitations: tenant-owned.
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON roles
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY own_membership_role ON roles FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m
    WHERE m.tenant_id = roles.tenant_id AND m.role_id = roles.id AND m.user_id = current_user_id()));
--> statement-breakpoint
CREATE POLICY auth_read ON roles FOR SELECT USING (is_auth_system());
--> statement-breakpoint
CREATE POLICY platform_read ON roles FOR SELECT USING (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON roles TO closer_app;
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY own_memberships ON memberships FOR SELECT USING (user_id = current_user_id());
--> statement-breakpoint
CREATE POLICY platform_read ON memberships FOR SELECT USING (is_platform());
--> statement-breakpoint
CREATE POLICY auth_read ON memberships FOR SELECT USING (is_auth_system());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON memberships TO closer_app;
--> statement-breakpoint
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON teams
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON teams TO closer_app;
--> statement-breakpoint
ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE team_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON team_members
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON team_members TO closer_app;
--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY auth_read ON api_keys FOR SELECT USING (is_auth_system());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON api_keys TO closer_app;
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY auth_read ON invitations FOR SELECT USING (is_auth_system());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON invitations TO closer_app;
--> statement-breakpoint

-- sessions: your own, those in the current organization (deactivation revokes them), sign-in.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_sessions ON sessions USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
--> statement-breakpoint
CREATE POLICY tenant_sessions ON sessions USING (active_tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY auth_access ON sessions USING (is_auth_system()) WITH CHECK (is_auth_system());
--> statement-breakpoint
CREATE POLICY platform_access ON sessions USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO closer_app;
--> statement-breakpoint
ALTER TABLE password_reset_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE password_reset_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY auth_access ON password_reset_tokens USING (is_auth_system()) WITH CHECK (is_auth_system());
--> statement-breakpoint
CREATE POLICY platform_access ON password_reset_tokens USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON password_reset_tokens TO closer_app;
--> statement-breakpoint

-- audit: the platform reads every organization's log; its own log is platform-only. Both append-only.
CREATE POLICY platform_read ON audit_logs FOR SELECT USING (is_platform());
--> statement-breakpoint
ALTER TABLE platform_audit_logs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE platform_audit_logs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY platform_access ON platform_audit_logs USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT ON platform_audit_logs TO closer_app;
