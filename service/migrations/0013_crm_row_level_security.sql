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
-- Contents are shared by hash across organizations: the purge asks (as the platform) whether any
-- version anywhere still refers to a content before it deletes the file.
CREATE POLICY platform_read ON document_versions FOR SELECT USING (is_platform());
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
--> statement-breakpoint
-- Organizations created before pipelines existed get the default pipeline new ones get
-- (createDefaultPipeline in pipelines.commands.ts). RLS is forced even for the owner: the tenants are
-- read in platform scope and each organization's rows are written in that organization's own scope.
DO $$
DECLARE
  tenant_ids uuid[];
  tenant uuid;
  pipeline uuid;
BEGIN
  PERFORM set_config('app.platform', 'on', true);
  SELECT coalesce(array_agg(id), '{}') INTO tenant_ids FROM tenants;
  FOREACH tenant IN ARRAY tenant_ids LOOP
    PERFORM set_config('app.tenant_id', tenant::text, true);
    CONTINUE WHEN EXISTS (SELECT 1 FROM pipelines WHERE tenant_id = tenant);
    pipeline := gen_random_uuid();
    INSERT INTO pipelines (tenant_id, id, name, is_default, position) VALUES (tenant, pipeline, 'Sales', true, 0);
    INSERT INTO stages (tenant_id, id, pipeline_id, name, kind, probability, position)
    SELECT tenant, gen_random_uuid(), pipeline, stage.name, stage.kind, stage.probability, stage.position
    FROM (VALUES
      ('Prospecting', 'open', 10, 0),
      ('Qualification', 'open', 20, 1),
      ('Proposal', 'open', 50, 2),
      ('Negotiation', 'open', 75, 3),
      ('Won', 'won', 100, 4),
      ('Lost', 'lost', 0, 5)
    ) AS stage(name, kind, probability, position);
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
  PERFORM set_config('app.platform', '', true);
END $$;
