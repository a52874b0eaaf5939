CREATE TABLE "opportunity_predictions" (
	"tenant_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"probability" real NOT NULL,
	"confidence" real NOT NULL,
	"model" text NOT NULL,
	"model_id" uuid,
	"factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recommendations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_predictions_tenant_id_opportunity_id_pk" PRIMARY KEY("tenant_id","opportunity_id"),
	CONSTRAINT "opportunity_predictions_probability_check" CHECK ("opportunity_predictions"."probability" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "prediction_history" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"probability" real NOT NULL,
	"model" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prediction_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "prediction_models" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'training' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"train_deals" integer DEFAULT 0 NOT NULL,
	"test_deals" integer DEFAULT 0 NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"params" jsonb,
	"error" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prediction_models_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "opportunity_predictions" ADD CONSTRAINT "opportunity_predictions_opportunity_fk" FOREIGN KEY ("tenant_id","opportunity_id") REFERENCES "public"."opportunities"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_history" ADD CONSTRAINT "prediction_history_opportunity_fk" FOREIGN KEY ("tenant_id","opportunity_id") REFERENCES "public"."opportunities"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_models" ADD CONSTRAINT "prediction_models_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prediction_history_opportunity_idx" ON "prediction_history" USING btree ("tenant_id","opportunity_id","at");--> statement-breakpoint
CREATE INDEX "prediction_models_version_idx" ON "prediction_models" USING btree ("tenant_id","version");--> statement-breakpoint
-- Row-level security (isolate_tenant_table from 0013).
SELECT isolate_tenant_table('prediction_models', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('opportunity_predictions', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('prediction_history', 'SELECT, INSERT, DELETE');
