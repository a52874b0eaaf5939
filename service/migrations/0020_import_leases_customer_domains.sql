ALTER TABLE "imports" ADD COLUMN "runner_id" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "customers_domains_idx" ON "customers" USING gin ("domains");