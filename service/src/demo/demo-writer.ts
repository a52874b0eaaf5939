/**
 * Writes a demo company into an organization through the application's own connection: one tenant
 * transaction (RLS applies), set-based inserts of a few thousand rows each (`jsonb_to_recordset`).
 * The rows are history, not changes: no domain events and no audit entry per row, one entry for all.
 */
import type { Database } from '../core/db/database.js';
import { bulkInsert } from '../core/db/bulk-insert.js';
import { recordAudit } from '../core/audit/audit.js';
import { DemoGenerator, type DemoSize } from './demo-generator.js';
import { DEMO_COLUMNS, DEMO_TABLES, zeroCounts, type DemoCounts } from './demo-tables.js';
import { demoOwners, demoPipeline, ensureDemoRates } from './demo-setup.js';

export const DEMO_SEED = 20_240_601;
const BATCH = 4_000;

export interface WriteDemoInput {
  tenantId: string;
  size: DemoSize;
  seed?: number;
  /** The end of the generated history (default: now). */
  now?: Date;
  /** Opportunities per chunk written (and reported) together. */
  chunkOpportunities?: number;
  onProgress?: (progress: { table: string; written: number; counts: DemoCounts }) => void;
}

export async function writeDemo(db: Database, input: WriteDemoInput): Promise<DemoCounts> {
  const { tenantId, size } = input;
  const seed = input.seed ?? DEMO_SEED;
  return db.transaction({ tenantId }, async (tx) => {
    const pipeline = await demoPipeline(tx, tenantId);
    await ensureDemoRates(tx, tenantId);
    const owners = await demoOwners(tx);
    const generator = new DemoGenerator({
      tenantId,
      seed,
      now: input.now ?? new Date(),
      size,
      owners,
      pipeline,
    });
    const counts = zeroCounts();
    for (const chunk of generator.chunks()) {
      for (const table of DEMO_TABLES) {
        const rows = chunk[table];
        for (let start = 0; start < rows.length; start += BATCH) {
          await bulkInsert(tx, table, DEMO_COLUMNS[table], rows.slice(start, start + BATCH));
        }
        counts[table] += rows.length;
        input.onProgress?.({ table, written: rows.length, counts });
      }
    }
    await recordAudit(tx, tenantId, {
      action: 'demo.generated',
      entityType: 'tenant',
      entityId: tenantId,
      after: { seed, size, counts },
    });
    return counts;
  });
}
