CREATE TABLE "chat_links" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"platform" text NOT NULL,
	"workspace_external_id" text NOT NULL,
	"external_user_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"address" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_links_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "chat_workspaces" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"bot_user_id" text,
	"bot_token_cipher" text,
	"alert_channel" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_workspaces_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "chat_links" ADD CONSTRAINT "chat_links_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_workspaces" ADD CONSTRAINT "chat_workspaces_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_links_external_key" ON "chat_links" USING btree ("platform","workspace_external_id","external_user_id");--> statement-breakpoint
CREATE INDEX "chat_links_user_idx" ON "chat_links" USING btree ("tenant_id","user_id","platform");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_workspaces_external_key" ON "chat_workspaces" USING btree ("platform","external_id");--> statement-breakpoint
-- Row-level security (isolate_tenant_table from 0013). A message from Slack or Teams names a workspace and
-- a platform user, not an organization: the sign-in scope (app.system = 'auth') may read both tables to
-- find them, exactly as it reads sessions and API keys.
SELECT isolate_tenant_table('chat_workspaces', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('chat_links', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
CREATE POLICY auth_read ON chat_workspaces FOR SELECT USING (is_auth_system());
--> statement-breakpoint
CREATE POLICY auth_read ON chat_links FOR SELECT USING (is_auth_system());
