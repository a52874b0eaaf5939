CREATE TABLE "record_keys" (
	"tenant_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"record_id" uuid NOT NULL,
	CONSTRAINT "record_keys_tenant_id_record_type_kind_key_record_id_pk" PRIMARY KEY("tenant_id","record_type","kind","key","record_id")
);
--> statement-breakpoint
DROP INDEX "customers_domains_idx";--> statement-breakpoint
DROP INDEX "contacts_emails_idx";--> statement-breakpoint
CREATE INDEX "record_keys_record_idx" ON "record_keys" USING btree ("tenant_id","record_id");--> statement-breakpoint
-- The keys customers and contacts are found by, kept by statement triggers (one statement per batch of
-- rows, with transition tables). Only live records have keys: not those in the trash or merged away.
SELECT isolate_tenant_table('record_keys', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
CREATE FUNCTION sync_customer_keys() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Only rows whose keys or liveness changed: most updates touch neither.
    CREATE TEMPORARY TABLE IF NOT EXISTS changed_customer_keys (id uuid) ON COMMIT DELETE ROWS;
    INSERT INTO changed_customer_keys
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (o.domains, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
           IS DISTINCT FROM (n.domains, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL);
    DELETE FROM record_keys k USING changed_customer_keys c
     WHERE k.record_type = 'customer' AND k.record_id = c.id;
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'customer', 'domain', d, n.id
      FROM new_rows n JOIN changed_customer_keys c ON c.id = n.id, unnest(n.domains) d
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION
    SELECT n.tenant_id, 'customer', 'name', lower(n.name), n.id
      FROM new_rows n JOIN changed_customer_keys c ON c.id = n.id
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
    DELETE FROM changed_customer_keys;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'customer', 'domain', d, n.id FROM new_rows n, unnest(n.domains) d
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION
    SELECT n.tenant_id, 'customer', 'name', lower(n.name), n.id FROM new_rows n
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM record_keys k USING old_rows o
     WHERE k.record_type = 'customer' AND k.record_id = o.id AND k.tenant_id = o.tenant_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customer_keys_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_customer_keys();
--> statement-breakpoint
CREATE TRIGGER customer_keys_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_customer_keys();
--> statement-breakpoint
CREATE TRIGGER customer_keys_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_customer_keys();
--> statement-breakpoint
CREATE FUNCTION sync_contact_keys() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    CREATE TEMPORARY TABLE IF NOT EXISTS changed_contact_keys (id uuid) ON COMMIT DELETE ROWS;
    INSERT INTO changed_contact_keys
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (o.emails, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
           IS DISTINCT FROM (n.emails, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL);
    DELETE FROM record_keys k USING changed_contact_keys c
     WHERE k.record_type = 'contact' AND k.record_id = c.id;
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'contact', 'email', lower(e), n.id
      FROM new_rows n JOIN changed_contact_keys c ON c.id = n.id, unnest(n.emails) e
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION
    SELECT n.tenant_id, 'contact', 'name', lower(n.name), n.id
      FROM new_rows n JOIN changed_contact_keys c ON c.id = n.id
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
    DELETE FROM changed_contact_keys;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'contact', 'email', lower(e), n.id FROM new_rows n, unnest(n.emails) e
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION
    SELECT n.tenant_id, 'contact', 'name', lower(n.name), n.id FROM new_rows n
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM record_keys k USING old_rows o
     WHERE k.record_type = 'contact' AND k.record_id = o.id AND k.tenant_id = o.tenant_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contact_keys_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_contact_keys();
--> statement-breakpoint
CREATE TRIGGER contact_keys_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_contact_keys();
--> statement-breakpoint
CREATE TRIGGER contact_keys_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_contact_keys();
--> statement-breakpoint
-- Keys of the records already there (and of data loaded with triggers off, such as the demo loader's).
CREATE FUNCTION rebuild_record_keys() RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
  SELECT tenant_id, 'customer', 'domain', d, id FROM customers, unnest(domains) d
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  UNION
  SELECT tenant_id, 'customer', 'name', lower(name), id FROM customers
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  UNION
  SELECT tenant_id, 'contact', 'email', lower(e), id FROM contacts, unnest(emails) e
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  UNION
  SELECT tenant_id, 'contact', 'name', lower(name), id FROM contacts
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  ON CONFLICT DO NOTHING;
$$;
--> statement-breakpoint
-- Row-level security is forced on these tables for their owner too: lift it for the backfill only.
ALTER TABLE customers NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_keys NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
SELECT rebuild_record_keys();
--> statement-breakpoint
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_keys FORCE ROW LEVEL SECURITY;
