ALTER TABLE "realtime_events" ADD COLUMN "source_position" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "realtime_events_source_unique" ON "realtime_events" USING btree ("tenant_id","source_position");--> statement-breakpoint
-- The cleanup deletes by age: a DELETE whose WHERE reads a column also needs a SELECT policy that lets
-- the row through, which scheduled work (app.system = 'schedules') lacked on these two tables.
CREATE POLICY scheduler_read ON realtime_events FOR SELECT USING (is_scheduler());
--> statement-breakpoint
CREATE POLICY scheduler_read ON presence FOR SELECT USING (is_scheduler());
