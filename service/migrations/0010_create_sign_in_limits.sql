-- Sign-in limiter state, shared by every instance and kept across restarts (core/auth/rate-limit.ts).
CREATE TABLE "sign_in_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "sign_in_limits_window_idx" ON "sign_in_limits" USING btree ("window_ends_at");--> statement-breakpoint
-- Belongs to no tenant: only the sign-in scope (app.system = 'auth') reads or writes it.
ALTER TABLE sign_in_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sign_in_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY auth_access ON sign_in_limits USING (is_auth_system()) WITH CHECK (is_auth_system());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_limits TO closer_app;
