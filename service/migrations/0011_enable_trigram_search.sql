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
