CREATE TABLE "assistant_turns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"via" text NOT NULL,
	"conversation" text NOT NULL,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pending" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_turns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "assistant_turns" ADD CONSTRAINT "assistant_turns_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_turns_user_idx" ON "assistant_turns" USING btree ("tenant_id","user_id","conversation","created_at");--> statement-breakpoint
-- Row-level security (isolate_tenant_table from 0013).
SELECT isolate_tenant_table('assistant_turns', 'SELECT, INSERT, UPDATE');
