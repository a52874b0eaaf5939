-- Trigram similarity for typo-tolerant search ("globx" finds Globex). pg_trgm is a trusted extension:
-- a database owner may create it without being a superuser (PostgreSQL 13+); PGlite loads it too.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string is only STABLE (it formats elements by type), so a generated search column cannot
-- call it; for text[] the result never changes, which this wrapper declares.
CREATE FUNCTION search_words(words text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string(words, ' '), '') $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION search_words(text[]) TO closer_app;
--> statement-breakpoint
-- Under row-level security PostgreSQL evaluates a query's own conditions after the tenant policy unless
-- their functions are LEAKPROOF, so `search @@ query`, `q <% lower(name)` and `lower(name) like` could
-- never use the GIN indexes: every search would read all of the organization's rows. These functions
-- raise no error that depends on the row they read, so they are marked leakproof. Only a superuser may
-- do this; without one, search stays correct and merely slower (the migration says so and goes on).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION lower(text) LEAKPROOF;
    ALTER FUNCTION textlike(text, text) LEAKPROOF;
    -- Matching a tsvector costs far more than the default estimate of one operator, so without this
    -- the planner reads a few thousand rows one by one rather than use the full-text index.
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) COST 50;
  ELSE
    RAISE NOTICE 'not a superuser: search functions stay non-leakproof, so CRM search cannot use its indexes';
  END IF;
END $$;
