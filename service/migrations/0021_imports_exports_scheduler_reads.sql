-- Schedules (app.system = 'schedules') find imports whose run died (to resume them) and exports past
-- their expiry (to delete their files), across organizations; each is then handled in its own tenant.
CREATE POLICY scheduler_read ON imports FOR SELECT USING (is_scheduler());
--> statement-breakpoint
CREATE POLICY scheduler_read ON exports FOR SELECT USING (is_scheduler());
