-- Row-level security for the CRM. Every tenant table gets the same treatment through one function, so
-- a table added later is one line: RLS enabled and forced, the tenant_isolation policy, explicit grants.
CREATE FUNCTION isolate_tenant_table(target regclass, privileges text) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())',
    target);
  EXECUTE format('GRANT %s ON %s TO closer_app', privileges, target);
END $$;
--> statement-breakpoint
SELECT isolate_tenant_table('customers', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('contacts', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('contact_customers', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('custom_field_definitions', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('pipelines', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('stages', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT isolate_tenant_table('opportunities', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
-- History is append-only for the application (the purge of a deleted deal runs as its owner).
SELECT isolate_tenant_table('opportunity_stage_history', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('opportunity_amount_history', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('currency_settings', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT isolate_tenant_table('interactions', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('interaction_participants', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('documents', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('document_versions', 'SELECT, INSERT, DELETE');
--> statement-breakpoint

-- Domain events: commands append in their tenant; the dispatcher (app.system = 'events') reads every
-- tenant's log and keeps its checkpoints and failures. Nobody updates or deletes an event.
CREATE FUNCTION is_event_dispatcher() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.system', true), '') = 'events' $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION is_event_dispatcher() TO closer_app;
--> statement-breakpoint
SELECT isolate_tenant_table('domain_events', 'SELECT, INSERT');
--> statement-breakpoint
CREATE POLICY dispatcher_read ON domain_events FOR SELECT USING (is_event_dispatcher());
--> statement-breakpoint
SELECT isolate_tenant_table('event_failures', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
CREATE POLICY dispatcher_access ON event_failures USING (is_event_dispatcher()) WITH CHECK (is_event_dispatcher());
--> statement-breakpoint
ALTER TABLE event_checkpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_checkpoints FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY dispatcher_access ON event_checkpoints USING (is_event_dispatcher()) WITH CHECK (is_event_dispatcher());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON event_checkpoints TO closer_app;
--> statement-breakpoint
-- Wakes the dispatcher when events commit (it also polls, so a lost notification only delays).
CREATE FUNCTION notify_domain_events() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('closer_events', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER domain_events_notify AFTER INSERT ON domain_events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_domain_events();
