-- Resolved callers are cached in each process for a few seconds. Any change that can end or narrow
-- someone's access notifies every instance on channel `closer_access` with `<kind>:<id>`, at commit,
-- whatever code path made it; each instance then forgets the callers that depended on that row.
CREATE FUNCTION notify_access_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  changed record;
BEGIN
  changed := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  PERFORM pg_notify('closer_access', TG_ARGV[0] || ':' || changed.id::text);
  IF TG_OP = 'UPDATE' AND TG_ARGV[0] = 'membership' THEN
    PERFORM pg_notify('closer_access', 'user:' || changed.user_id::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_notify_access AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('session');
--> statement-breakpoint
CREATE TRIGGER users_notify_access AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('user');
--> statement-breakpoint
CREATE TRIGGER memberships_notify_access AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('membership');
--> statement-breakpoint
CREATE TRIGGER roles_notify_access AFTER UPDATE OR DELETE ON roles
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('role');
--> statement-breakpoint
CREATE TRIGGER tenants_notify_access AFTER UPDATE OR DELETE ON tenants
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('tenant');
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_access AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION notify_access_change('api_key');
