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
    -- Only rows whose keys or liveness changed: most updates touch neither. (No temporary table here:
    -- on the embedded database every role shares one session, and a temporary table is its creator's.)
    DELETE FROM record_keys k USING new_rows n JOIN old_rows o ON o.id = n.id
     WHERE k.record_type = 'customer' AND k.record_id = n.id
       AND (o.domains, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
           IS DISTINCT FROM (n.domains, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL);
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT c.tenant_id, 'customer', 'domain', d, c.id
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.domains, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
                   IS DISTINCT FROM (n.domains, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL)) c,
           unnest(c.domains) d
     WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL
    UNION ALL
    SELECT c.tenant_id, 'customer', 'name', lower(c.name), c.id
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.domains, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
                   IS DISTINCT FROM (n.domains, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL)) c
     WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'customer', 'domain', d, n.id FROM new_rows n, unnest(n.domains) d
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION ALL
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
    DELETE FROM record_keys k USING new_rows n JOIN old_rows o ON o.id = n.id
     WHERE k.record_type = 'contact' AND k.record_id = n.id
       AND (o.emails, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
           IS DISTINCT FROM (n.emails, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL);
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT c.tenant_id, 'contact', 'email', lower(e), c.id
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.emails, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
                   IS DISTINCT FROM (n.emails, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL)) c,
           unnest(c.emails) e
     WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL
    UNION ALL
    SELECT c.tenant_id, 'contact', 'name', lower(c.name), c.id
      FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.emails, lower(o.name), o.deleted_at IS NULL, o.merged_into_id IS NULL)
                   IS DISTINCT FROM (n.emails, lower(n.name), n.deleted_at IS NULL, n.merged_into_id IS NULL)) c
     WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO record_keys (tenant_id, record_type, kind, key, record_id)
    SELECT n.tenant_id, 'contact', 'email', lower(e), n.id FROM new_rows n, unnest(n.emails) e
     WHERE n.deleted_at IS NULL AND n.merged_into_id IS NULL
    UNION ALL
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
  UNION ALL
  SELECT tenant_id, 'customer', 'name', lower(name), id FROM customers
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  UNION ALL
  SELECT tenant_id, 'contact', 'email', lower(e), id FROM contacts, unnest(emails) e
   WHERE deleted_at IS NULL AND merged_into_id IS NULL
  UNION ALL
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
