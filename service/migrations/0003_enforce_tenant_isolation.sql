-- Every tenant-owned table: RLS enabled and forced, one policy on app.tenant_id, explicit grants.
-- A test reads the catalog and fails on any tenant table that misses one of these.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants
  USING (id = current_tenant_id())
  WITH CHECK (id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON tenants TO closer_app;
--> statement-breakpoint
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_logs
  USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Append-only: no UPDATE or DELETE for the application.
GRANT SELECT, INSERT ON audit_logs TO closer_app;
