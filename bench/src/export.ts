/**
 * Exports at volume: N customers (default 1,000,000) of one organization exported to CSV and to XLSX by
 * the export job (`runExport`: the customers list command as the Org Admin, pages of EXPORT_PAGE_ROWS,
 * one transaction and one progress event per page, the file written as pages arrive), each format in its
 * own child process so each peak RSS is its own. Baseline in the same run, on the same rows: one bare
 * `COPY (select ...) TO STDOUT (FORMAT csv)` of the same columns as the database owner (no RLS, no
 * pages, no presenter), streamed to a file.
 *
 * Prints rows/s, peak RSS and file size per format, and each format's ratio to COPY's rows/s.
 *
 * Environment: BENCH_EXPORT_ROWS (default 1000000), BENCH_EXPORT_FORMATS (default `csv,xlsx`),
 * BENCH_DATABASE_URL / TEST_DATABASE_URL (a PostgreSQL server where it may create a database, default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { eq } from 'drizzle-orm';
import type { Database } from '@closer/service';
import type { runExport as RunExport } from '../../service/src/modules/exports/export-job.js';
import type { buildOrganization as BuildOrganization } from '../../service/src/test/factories.js';
import type { createTestDatabase as CreateTestDatabase } from '../../service/src/test/test-database.js';

const N = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? 'csv,xlsx').split(',').map((name) => name.trim());
const SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const COLUMNS = ['name', 'domains', 'industry', 'sizeBand', 'status', 'country', 'owner.name', 'createdAt'];

const source = <T>(file: string) =>
  import(new URL(`../../service/src/${file}`, import.meta.url).href) as Promise<T>;

interface ChildResult {
  format: string;
  rows: number;
  seconds: number;
  bytes: number;
  peakRssMb: number;
  /** RSS once the service's modules are loaded and connected, before the export starts. */
  startRssMb: number;
}

/** In a child: one export of every customer in `format`, timed; prints a ChildResult as JSON. */
async function child(format: string, ownerUrl: string, tenantId: string, adminId: string): Promise<void> {
  const service = await import('@closer/service');
  const { runExport } = await source<{ runExport: typeof RunExport }>('modules/exports/export-job.ts');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-bench-export-'));
  const config = service.loadConfig({
    CLOSER_DATA_DIR: dataDir,
    DATABASE_URL: ownerUrl,
    CLOSER_ROLES: 'worker',
  });
  const db: Database = await service.connectDatabase(config);
  const logger = service.createLogger({ level: 'silent' });
  try {
    const [created] = await db.transaction({ tenantId }, (tx) =>
      tx
        .insert(service.schema.exports)
        .values({
          tenantId,
          resource: 'customers',
          format: format as 'csv',
          columns: COLUMNS,
          createdBy: adminId,
        })
        .returning(),
    );
    const exportId = created!.id;
    const startRssMb = process.memoryUsage().rss / (1024 * 1024);
    const started = performance.now();
    await runExport({ db, config, logger }, { tenantId, exportId });
    const seconds = (performance.now() - started) / 1000;
    const [row] = await db.transaction({ tenantId }, (tx) =>
      tx.select().from(service.schema.exports).where(eq(service.schema.exports.id, exportId)),
    );
    if (row?.status !== 'completed') throw new Error(`export ${row?.status}: ${row?.error}`);
    const result: ChildResult = {
      format,
      rows: row.rowsDone,
      seconds,
      bytes: Number(row.fileSize),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb,
    };
    console.log(JSON.stringify(result));
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function runChild(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, [...process.execArgv, script, '--child', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`child ${args[0]} exited ${code}: ${output}`));
    });
  });
}

/** The baseline: the same rows and columns straight out of PostgreSQL as CSV. */
async function copyBaseline(ownerUrl: string, tenantId: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const started = performance.now();
    const copy = client.query(
      copyTo(`copy (select c.name, array_to_string(c.domains, '; '), c.industry, c.size_band, c.status,
          c.country, u.name, c.created_at
        from customers c join users u on u.id = c.owner_id
        where c.tenant_id = '${tenantId}' and c.deleted_at is null
        order by lower(c.name), c.id) to stdout with (format csv, header)`),
    );
    await pipeline(copy, createWriteStream(file));
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  process.env.TEST_DATABASE_URL = SERVER;
  const { createTestDatabase } = await source<{ createTestDatabase: typeof CreateTestDatabase }>(
    'test/test-database.ts',
  );
  const { buildOrganization } = await source<{ buildOrganization: typeof BuildOrganization }>(
    'test/factories.ts',
  );
  const { sql } = await import('drizzle-orm');
  const database = await createTestDatabase();
  const scratch = await mkdtemp(path.join(tmpdir(), 'closer-bench-export-copy-'));
  try {
    const org = await buildOrganization(database.db);
    const seeded = performance.now();
    // Deterministic rows: names with commas, quotes and accents, a domain, an industry and a status.
    await database.db.transaction({ tenantId: org.tenantId }, (tx) =>
      tx.execute(sql`insert into customers (tenant_id, id, name, domains, industry, status, country, owner_id)
        select ${org.tenantId}, gen_random_uuid(),
          (array['Café', 'Müller, Söhne', 'Acme "Global"', 'Ñandú', 'Zeta'])[1 + g % 5] || ' ' || g,
          array['c' || g || '.example'], (array['software', 'retail', 'healthcare'])[1 + g % 3],
          (array['active', 'prospect'])[1 + g % 2], 'DE', ${org.admin.id}
        from generate_series(1, ${N}) g`),
    );
    const ownerUrl = database.ownerUrl!;
    // Statistics as autovacuum would leave them on a loaded database: without them the planner takes the
    // customers list for a 12-row table (a bitmap scan and a sort of every row, per page).
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query('analyze customers; analyze users');
    await owner.end();
    console.log(
      `postgres: ${N} customers seeded and analyzed in ${Math.round(performance.now() - seeded)} ms`,
    );
    const copySeconds = await copyBaseline(ownerUrl, org.tenantId, path.join(scratch, 'copy.csv'));
    const copyRate = N / copySeconds;
    const copyBytes = (await stat(path.join(scratch, 'copy.csv'))).size;
    console.log(
      `  COPY (select ...) TO STDOUT: ${Math.round(copyRate)} rows/s (${copySeconds.toFixed(1)} s, ${(copyBytes / 1e6).toFixed(0)} MB)`,
    );
    for (const format of FORMATS) {
      const result = await runChild([format, ownerUrl, org.tenantId, org.admin.id]);
      const rate = result.rows / result.seconds;
      console.log(
        `  export ${format}: ${result.rows} rows in ${result.seconds.toFixed(1)} s = ${Math.round(rate)} rows/s; ` +
          `peak RSS ${Math.round(result.peakRssMb)} MB (${Math.round(result.startRssMb)} MB before); ${(result.bytes / 1e6).toFixed(0)} MB; ` +
          `ratio to COPY ${(rate / copyRate).toFixed(3)}`,
      );
    }
  } finally {
    await database.destroy();
    await rm(scratch, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const [format, ownerUrl, tenantId, adminId] = process.argv.slice(childAt + 1);
  await child(format!, ownerUrl!, tenantId!, adminId!);
} else {
  await main();
}
