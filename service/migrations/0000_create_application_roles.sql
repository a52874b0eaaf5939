-- The application never works as the owner: closer_app reads and writes tenant data under RLS and owns
-- nothing; closer_jobs owns only the pg-boss queue schema. Roles are cluster-wide, so creating them
-- tolerates a concurrent or earlier creation (several databases on one server, parallel test runs).
DO $$
BEGIN
  CREATE ROLE closer_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  CREATE ROLE closer_jobs NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  -- A non-superuser owner must be a member to hand the queue schema to closer_jobs.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT closer_jobs TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
REVOKE ALL ON SCHEMA public FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO closer_app;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION closer_jobs;
--> statement-breakpoint
-- pg-boss runs `CREATE SCHEMA IF NOT EXISTS pgboss` at start, which PostgreSQL checks against the database.
DO $$
BEGIN
  EXECUTE format('GRANT CREATE ON DATABASE %I TO closer_jobs', current_database());
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA pgboss TO closer_app;
--> statement-breakpoint
-- Jobs are enqueued in the same transaction as the change that causes them, by the application role.
ALTER DEFAULT PRIVILEGES FOR ROLE closer_jobs IN SCHEMA pgboss GRANT SELECT, INSERT ON TABLES TO closer_app;
--> statement-breakpoint
-- On PGlite there is one login, so pg-boss creates its tables as the migrating user: same grant for it.
ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT ON TABLES TO closer_app;
--> statement-breakpoint
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION current_tenant_id(), current_user_id() TO closer_app;
--> statement-breakpoint
-- Readiness compares applied migrations with the code's journal, as the application role.
GRANT USAGE ON SCHEMA drizzle TO closer_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO closer_app;
