-- Row-level security for imports and exports (isolate_tenant_table from 0013).
SELECT isolate_tenant_table('imports', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT isolate_tenant_table('import_errors', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('import_changes', 'SELECT, INSERT, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('import_mappings', 'SELECT, INSERT, UPDATE, DELETE');
--> statement-breakpoint
SELECT isolate_tenant_table('exports', 'SELECT, INSERT, UPDATE, DELETE');
