-- Row-level security for tasks, goals, notifications and realtime (isolate_tenant_table from 0013).
SELECT isolate_tenant_table('task_categories', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_settings', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT isolate_tenant_table('tasks', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_assignees', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_watchers', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_dependencies', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
-- History is append-only for the application (the purge of a deleted task runs as its owner).
SELECT isolate_tenant_table('task_status_changes', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_comments', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_time_entries', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('task_reminders', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('goals', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('goal_milestones', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('notifications', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('notification_deliveries', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('notification_preferences', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT isolate_tenant_table('push_subscriptions', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('realtime_events', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('presence', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint

-- Scheduled work (app.system = 'schedules') finds which organizations have something due, then does
-- the work in each organization's own scope: it reads reminders of every tenant, and removes realtime
-- events and presence rows past their time.
CREATE FUNCTION is_scheduler() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.system', true), '') = 'schedules' $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION is_scheduler() TO closer_app;
--> statement-breakpoint
CREATE POLICY scheduler_read ON task_reminders FOR SELECT USING (is_scheduler());
--> statement-breakpoint
CREATE POLICY scheduler_delete ON realtime_events FOR DELETE USING (is_scheduler());
--> statement-breakpoint
CREATE POLICY scheduler_delete ON presence FOR DELETE USING (is_scheduler());
--> statement-breakpoint

-- Platform announcements: written and fanned out by the platform only.
ALTER TABLE system_announcements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE system_announcements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY platform_access ON system_announcements USING (is_platform()) WITH CHECK (is_platform());
--> statement-breakpoint
GRANT SELECT, INSERT ON system_announcements TO closer_app;
--> statement-breakpoint

-- Wakes the API processes' WebSocket fan-out when realtime events commit (payload: tenant and id).
CREATE FUNCTION notify_realtime_events() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('closer_realtime', NEW.tenant_id::text || ':' || NEW.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER realtime_events_notify AFTER INSERT ON realtime_events
  FOR EACH ROW EXECUTE FUNCTION notify_realtime_events();
