/**
 * Imports at volume: N customer rows (default 1,000,000) generated deterministically to a temp CSV, then
 * imported as customers by the import job (`runImport`: the file read in batches of IMPORT_BATCH_ROWS at
 * its default, every cell read and validated, duplicates found by domain within the batch, the file and
 * the database, policy skip, each batch written set-based in its own transaction), in a child process so
 * its peak RSS is its own. The import row is created the way `createImport` does (mapping checked against
 * the header by the runner, the file where the job reads it), without HTTP: the job is what is measured.
 *
 * The file is CRM-like: names with accents, commas and quotes, domains written as bare names, `www.` or
 * URLs, industries with synonyms and the odd typo, employees with thousands separators, revenues as
 * `$40,000` / `1.2M` / `40000 EUR`, countries as codes or names, owners among the organization's members,
 * an unmapped description column (some values span lines). 1 row in 100 repeats an earlier row's domain
 * (skipped as a duplicate in the file), 1 in 200 names one of 20,000 customers already in the database
 * (skipped), 1 in 500 has an unreadable employee count (rejected): those land in the report.
 *
 * Baseline in the same run, on the same database: a raw `COPY ... FROM STDIN (FORMAT csv, HEADER)` of the
 * same file into an unindexed table of text columns (on PostgreSQL streamed from the bench process; on
 * PGlite from `/dev/blob`).
 *
 * Prints per database rows/s, the ratio to raw COPY, peak RSS, RSS after 100k rows against RSS at the end
 * (flatness), and where the time goes: reading+parsing the CSV and reading cells into rows (timed
 * separately over the same file without a database), and the job's statements by kind (timed at the
 * `pg` client, so round trips included: lookups, staging, INSERT ... SELECT, report, progress). On
 * PostgreSQL also what index maintenance and constraint checks cost the INSERT ... SELECT: one batch's
 * rows inserted into `customers` and into an index-less copy of it, in a transaction rolled back.
 *
 * Environment: BENCH_IMPORT_CPU_PROF=1 (profile the PostgreSQL import's process and print self time by
 * area and the top functions), BENCH_IMPORT_ROWS (default 1000000), BENCH_IMPORT_PGLITE_ROWS (default 100000: PGlite is
 * single-threaded WASM, see the output; 0 skips it), BENCH_IMPORT_DATABASES (default `postgres,pglite`),
 * BENCH_DATABASE_URL / TEST_DATABASE_URL (a PostgreSQL server where it may create a database, default
 * postgres://postgres@127.0.0.1:5432/postgres; skipped with a message when unreachable), BENCH_IMPORT_KEEP=1
 * (keep the PostgreSQL database, to look at it afterwards; drop it by hand).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { median } from './measure.js';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql as sqlTag, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '@closer/service';
import type * as CsvStream from '../../service/src/core/csv/csv-stream.js';
import type * as Pglite from '../../service/src/core/db/pglite.js';
import type * as ImportRunner from '../../service/src/modules/imports/import-runner.js';
import type * as ImportRows from '../../service/src/modules/imports/import-rows.js';
import type * as ImportFields from '../../service/src/modules/imports/import-fields.js';
import type * as ImportsRepo from '../../service/src/modules/imports/imports.repo.js';
import type * as Factories from '../../service/src/test/factories.js';
import type * as TestDatabase from '../../service/src/test/test-database.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_IMPORT_PGLITE_ROWS ?? 100_000);
/** BENCH_IMPORT_CPU_PROF=1: the PostgreSQL import's child runs under --cpu-prof; a summary is printed. */
const PROFILE = process.env.BENCH_IMPORT_CPU_PROF === '1';
const DATABASES = (process.env.BENCH_IMPORT_DATABASES ?? 'postgres,pglite').split(',').map((s) => s.trim());
const SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
/** Customers already in the database; 1 file row in 200 names one of them. */
const EXISTING = 20_000;
/** RSS is compared from this many rows imported to the end. */
const FLAT_FROM = 100_000;

const HEADER = [
  'Company Name',
  'Website',
  'Industry',
  'Employees',
  'Annual Revenue',
  'Country',
  'Owner Email',
  'Description',
];
const MAPPING = {
  name: 'Company Name',
  domain: 'Website',
  industry: 'Industry',
  employees: 'Employees',
  annualRevenue: 'Annual Revenue',
  country: 'Country',
  ownerEmail: 'Owner Email',
};

const source = <T>(file: string) =>
  import(new URL(`../../service/src/${file}`, import.meta.url).href) as Promise<T>;

// ---------------------------------------------------------------------------------------------------
// The file

/** Deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANY = [
  'Acme',
  'Globex',
  'Initech',
  'Société Générale',
  'Nordwind',
  'Zürich Re',
  'Müller "&" Söhne',
];
const SUFFIX = [', Inc.', ' GmbH', ' S.A.', ', LLC', ' AG', ' Ltd', ''];
const INDUSTRY = [
  'Software',
  'Technology',
  'tech',
  'Finance',
  'Banking',
  'Healthcare',
  'Medical',
  'Retail',
  '',
];
const COUNTRY = ['US', 'USA', 'Germany', 'DE', 'United Kingdom', 'UK', 'France', 'FR', 'Brazil', 'JP'];
const DESCRIPTION = [
  'Key account.',
  'Met at the trade fair, wants pricing.',
  'Renewal due.\r\nAsked for 10% off; manager says "maybe".',
  '',
];

const quote = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** The customers file: `rows` data rows; owners are `owners` in turn. */
async function generate(file: string, rows: number, owners: readonly string[]): Promise<void> {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out = createWriteStream(file);
  let chunk = `${HEADER.join(',')}\r\n`;
  for (let i = 1; i <= rows; i++) {
    // The domain: its own, an earlier row's (a duplicate in the file) or an existing customer's.
    let slug = `company${i}`;
    if (i % 100 === 50 && i > 100) slug = `company${i - 1 - Math.floor(next() * 99)}`;
    else if (i % 200 === 0) slug = `existing${1 + (i % EXISTING)}`;
    const style = i % 3;
    const website =
      style === 0
        ? `${slug}.example.com`
        : style === 1
          ? `www.${slug}.example.com`
          : `https://${slug}.example.com/about`;
    const industry = i % 1000 === 7 ? 'technolgy' : pick(INDUSTRY);
    const employees = i % 500 === 3 ? 'lots' : Math.floor(1 + next() * 20_000).toLocaleString('en-US');
    const amount = Math.floor(next() * 50_000_000);
    const revenue =
      i % 4 === 0
        ? `$${amount.toLocaleString('en-US')}`
        : i % 4 === 1
          ? `${(amount / 1e6).toFixed(1)}M`
          : i % 4 === 2
            ? `${amount} EUR`
            : '';
    const fields = [
      `${pick(COMPANY)} ${i}${pick(SUFFIX)}`,
      website,
      industry,
      employees,
      revenue,
      pick(COUNTRY),
      owners[i % owners.length]!,
      i % 25 === 0 ? DESCRIPTION[2]! : pick(DESCRIPTION),
    ];
    chunk += fields.map(quote).join(',') + '\r\n';
    if (chunk.length > 1024 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

// ---------------------------------------------------------------------------------------------------
// Timing the job's statements at the pg client

type Timings = Record<string, { ms: number; count: number }>;

/** The kind of a statement the job sends, by its text. */
function statementKind(text: string): string {
  const t = text.trimStart().slice(0, 200).toLowerCase();
  if (t.startsWith('copy ')) return 'staging: COPY into the temp table';
  if (t.startsWith('create temporary table')) return 'staging: create temp table if not exists';
  if (t.startsWith('insert into import_stage_')) return 'staging: insert into the temp table (JSON)';
  if (t.startsWith('insert into customers')) return 'INSERT ... SELECT into customers';
  if (t.includes('from customers') && t.startsWith('select')) return 'lookups: existing customers by key';
  if (t.startsWith('insert into import_errors')) return 'report: insert into import_errors';
  if (t.startsWith('select runner_id')) return 'lease: lock the import row';
  if (t.startsWith('update imports')) return 'progress: update imports';
  if (t.startsWith('begin') || t.startsWith('commit') || t.includes('set_config') || t.startsWith('set '))
    return 'transaction: begin/context/commit';
  if (t.includes('events') || t.includes('outbox')) return 'events';
  if (t.includes('teams') || t.includes('memberships')) return 'lookups: teams and members';
  return `other: ${t.slice(0, 60).replace(/\s+/g, ' ')}`;
}

function textOf(query: unknown): string {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object' && 'text' in query) return String(query.text);
  return '';
}

interface PipelinedClient {
  pipeline: boolean;
  _queryQueue: unknown[];
  _sentQueryQueue: unknown[];
  _activeQuery: unknown;
  readyForQuery: boolean;
}

/**
 * The service's pool pipelines (`pipeline: true`), and pg 8.23 refuses a COPY stream on a pipelined client
 * ("Custom query classes ... are not supported in pipeline mode"), so the staging COPY of
 * `core/db/staging.ts` fails on PostgreSQL. Until the service fixes it, the bench sends a COPY with
 * pipelining off when nothing else is in flight on the connection (true in a unit of work: the statement
 * before it was awaited), which is what a fix would do. BENCH_IMPORT_COPY_SHIM=0 turns this off.
 */
const COPY_ON_PIPELINE = process.env.BENCH_IMPORT_COPY_SHIM !== '0';

function copyOffPipeline(
  client: PipelinedClient,
  query: (...args: unknown[]) => unknown,
  args: unknown[],
): unknown {
  const idle =
    client.pipeline &&
    client.readyForQuery &&
    !client._activeQuery &&
    !client._queryQueue.length &&
    !client._sentQueryQueue.length;
  if (!idle) return query.apply(client, args);
  client.pipeline = false;
  try {
    return query.apply(client, args);
  } finally {
    client.pipeline = true;
  }
}

/** Wraps `pg.Client#query` (one pg in the workspace: the service's): adds each statement's wall time. */
function timeStatements(timings: Timings): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const add = (kind: string, started: number) => {
    const entry = (timings[kind] ??= { ms: 0, count: 0 });
    entry.ms += performance.now() - started;
    entry.count++;
  };
  proto.query = function (this: PipelinedClient, ...args: unknown[]) {
    const kind = statementKind(textOf(args[0]));
    const started = performance.now();
    const result =
      COPY_ON_PIPELINE && kind.startsWith('staging: COPY')
        ? copyOffPipeline(this, original, args)
        : original.apply(this, args);
    if (result instanceof Promise) void result.finally(() => add(kind, started)).catch(() => {});
    else if (
      result &&
      typeof (result as NodeJS.EventEmitter).once === 'function' &&
      kind.startsWith('staging: COPY')
    )
      (result as NodeJS.EventEmitter).once('finish', () => add(kind, started));
    return result;
  };
}

/**
 * On PGlite (no pg client): times `tx.execute` of every unit of work, which is how the job's statements
 * run (raw SQL through drizzle); the few query-builder calls around the job are not counted.
 */
function timeExecute(db: Database, timings: Timings): void {
  const dialect = new PgDialect();
  const timed = new WeakSet<object>();
  const transaction = db.transaction.bind(db);
  (db as { transaction: Database['transaction'] }).transaction = (scope, work, options) =>
    transaction(
      scope,
      (tx) => {
        if (!timed.has(tx)) {
          timed.add(tx);
          const execute = tx.execute.bind(tx);
          (tx as { execute: (query: SQL) => unknown }).execute = (query: SQL) => {
            const kind = statementKind(dialect.sqlToQuery(query).sql);
            const started = performance.now();
            // drizzle's result is a lazy thenable: resolved once, here, and handed on as a promise.
            return Promise.resolve(execute(query)).finally(() => {
              const entry = (timings[kind] ??= { ms: 0, count: 0 });
              entry.ms += performance.now() - started;
              entry.count++;
            });
          };
        }
        return work(tx);
      },
      options,
    );
}

// ---------------------------------------------------------------------------------------------------
// The child: one import, timed

interface Setup {
  database: 'postgres' | 'pglite';
  /** PostgreSQL: the organization exists; PGlite: the child builds it. */
  ownerUrl?: string;
  tenantId?: string;
  adminId?: string;
  file: string;
  rows: number;
}

interface ChildResult {
  database: string;
  rows: number;
  seconds: number;
  counts: Record<string, number>;
  status: string;
  error: string | null;
  peakRssMb: number;
  /** RSS when the job starts (modules loaded, connected). */
  startRssMb: number;
  /** RSS and peak RSS once FLAT_FROM rows are committed, and at the end. */
  rssAtFlatFromMb: number | null;
  peakAtFlatFromMb: number | null;
  rssAtEndMb: number;
  batchRows: number;
  /** Per committed batch: seconds since the previous one, and the lookups' share of it. */
  batches: { seconds: number; lookupSeconds: number }[];
  statements: Timings;
  /** The same file without a database: reading+parsing, then also reading cells into rows. */
  readSeconds: number;
  prepareSeconds: number;
  /** PGlite only: the raw COPY baseline, run in the child (the database lives there). */
  copySeconds?: number;
  created?: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

async function child(setup: Setup): Promise<void> {
  const statements: Timings = {};
  timeStatements(statements);
  const service = await import('@closer/service');
  const runner = await source<typeof ImportRunner>('modules/imports/import-runner.ts');
  const repo = await source<typeof ImportsRepo>('modules/imports/imports.repo.ts');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-bench-import-'));
  const config = service.loadConfig({
    CLOSER_DATA_DIR: dataDir,
    CLOSER_ROLES: 'worker',
    ...(setup.ownerUrl ? { DATABASE_URL: setup.ownerUrl } : {}),
  });
  const logger = service.createLogger({ level: 'silent' });
  let db: Database;
  let tenantId = setup.tenantId!;
  let adminId = setup.adminId!;
  let copySeconds: number | undefined;
  if (setup.database === 'postgres') db = await service.connectDatabase(config);
  else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { openPglite, PGLITE_EXTENSIONS } = await source<typeof Pglite>('core/db/pglite.ts');
    const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    db = await openPglite(undefined, { client });
    const { buildOrganization } = await source<typeof Factories>('test/factories.ts');
    const org = await buildOrganization(db, { slug: PGLITE_SLUG });
    tenantId = org.tenantId;
    adminId = org.admin.id;
    await seedExisting(db, tenantId, adminId);
    // The baseline on the same database: the file as a blob (PGlite's way in), into text columns.
    await client.exec(`create table bench_raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
    const blob = new Blob([await readFile(setup.file)]);
    const started = performance.now();
    await client.query(`copy bench_raw from '/dev/blob' with (format csv, header true)`, [], { blob });
    copySeconds = (performance.now() - started) / 1000;
    await client.exec('drop table bench_raw');
    timeExecute(db, statements);
  }
  const queue = await service.startJobQueue({ db, logger, runWorkers: false });
  try {
    const id = crypto.randomUUID();
    const size = (await stat(setup.file)).size;
    const target = runner.importFilePath(dataDir, tenantId, id);
    await mkdir(path.dirname(target), { recursive: true });
    await promisify(copyFile)(setup.file, target);
    await db.transaction({ tenantId }, (tx) =>
      repo.insertImport(tx, {
        tenantId,
        id,
        type: 'customers',
        dryRun: false,
        duplicatePolicy: 'skip',
        mapping: MAPPING,
        options: {
          dateOrder: 'ymd',
          decimalSeparator: '.',
          duplicateKeys: [],
          defaultCurrency: null,
          pipeline: null,
        },
        fileName: 'customers.csv',
        fileSize: size,
        sha256: '0'.repeat(64),
        encoding: 'utf-8',
        delimiter: ',',
        createdBy: adminId,
      }),
    );
    for (const key of Object.keys(statements)) delete statements[key];
    const batchRows = config.imports.batchRows;
    let rssAtFlatFromMb: number | null = null;
    let peakAtFlatFromMb: number | null = null;
    const startRssMb = mb(process.memoryUsage().rss);
    const started = performance.now();
    const batches: ChildResult['batches'] = [];
    let last = started;
    let lastLookupMs = 0;
    const lookupMs = () =>
      Object.entries(statements)
        .filter(([kind]) => kind.startsWith('lookups: existing'))
        .reduce((sum, [, entry]) => sum + entry.ms, 0);
    await runner.runImport(
      { db, logger, queue, config },
      { tenantId, importId: id },
      {
        afterBatch(batch) {
          const now = performance.now();
          const lookups = lookupMs();
          batches.push({ seconds: (now - last) / 1000, lookupSeconds: (lookups - lastLookupMs) / 1000 });
          last = now;
          lastLookupMs = lookups;
          if (rssAtFlatFromMb === null && batch * batchRows >= FLAT_FROM) {
            rssAtFlatFromMb = mb(process.memoryUsage().rss);
            peakAtFlatFromMb = process.resourceUsage().maxRSS / 1024;
          }
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const rssAtEndMb = mb(process.memoryUsage().rss);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const [job] = await db.transaction({ tenantId }, (tx) =>
      service.queryRows<{
        status: string;
        error: string | null;
        rows_done: number;
        counts: Record<string, number>;
      }>(tx, sqlTag`select status, error, rows_done, counts from imports where id = ${id}`),
    );
    const [{ count }] = (await db.transaction({ tenantId }, (tx) =>
      service.queryRows<{ count: number }>(
        tx,
        sqlTag`select count(*)::int as count from customers where import_id = ${id}`,
      ),
    )) as [{ count: number }];
    const timings = { ...statements };
    const { readSeconds, prepareSeconds } = await readOnly(setup.file);
    const result: ChildResult = {
      database: setup.database,
      rows: job!.rows_done,
      seconds,
      counts: job!.counts,
      status: job!.status,
      error: job!.error,
      peakRssMb,
      startRssMb,
      rssAtFlatFromMb,
      peakAtFlatFromMb,
      rssAtEndMb,
      batchRows,
      batches,
      statements: timings,
      readSeconds,
      prepareSeconds,
      created: count,
      ...(copySeconds === undefined ? {} : { copySeconds }),
    };
    console.log(JSON.stringify(result));
  } finally {
    await queue.stop(1_000);
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The file read as the job reads it, without a database: (1) records only, (2) records into rows. */
async function readOnly(file: string): Promise<{ readSeconds: number; prepareSeconds: number }> {
  const { openCsvFile } = await source<typeof CsvStream>('core/csv/csv-stream.ts');
  const { planColumns, prepareRow } = await source<typeof ImportRows>('modules/imports/import-rows.ts');
  const { IMPORT_FIELDS } = await source<typeof ImportFields>('modules/imports/import-fields.ts');
  const options = { dateOrder: 'ymd', decimalSeparator: '.' } as const;
  const time = async (prepare: boolean) => {
    const csv = await openCsvFile(file);
    const { plan } = planColumns(IMPORT_FIELDS.customers, [], MAPPING, csv.header.fields);
    const started = performance.now();
    let problems = 0;
    for await (const batch of csv.batches(5_000))
      if (prepare) for (const record of batch) problems += prepareRow(record, plan, options).problems.length;
    await csv.close();
    return (performance.now() - started) / 1000 + problems * 0;
  };
  const readSeconds = await time(false);
  const prepareSeconds = await time(true);
  return { readSeconds, prepareSeconds };
}

/** EXISTING customers whose domains 1 file row in 200 names. */
async function seedExisting(db: Database, tenantId: string, ownerId: string): Promise<void> {
  await db.transaction({ tenantId }, (tx) =>
    tx.execute(sqlTag`insert into customers (tenant_id, id, name, domains, status, owner_id)
      select ${tenantId}, gen_random_uuid(), 'Existing ' || g, array['existing' || g || '.example.com'],
             'active', ${ownerId}
        from generate_series(1, ${EXISTING}) g`),
  );
}

function runChild(setup: Setup, profileDir?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const args = [...process.execArgv, ...profile, script, '--child', JSON.stringify(setup)];
    const proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`child ${setup.database} exited ${code}: ${output}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: the baseline and what indexes cost

async function copyBaseline(ownerUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`create table bench_raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
    const started = performance.now();
    await pipeline(
      createReadStream(file, { highWaterMark: 1024 * 1024 }),
      client.query(copyFrom('copy bench_raw from stdin with (format csv, header true)')),
    );
    const seconds = (performance.now() - started) / 1000;
    await client.query('drop table bench_raw');
    return seconds;
  } finally {
    await client.end();
  }
}

/**
 * One batch of imported customers inserted again (new ids) into `customers` and into an index-less,
 * constraint-less copy, as the owner, rolled back: the difference is index maintenance, constraint checks
 * and triggers. EXPLAIN ANALYZE names the triggers' share.
 */
async function indexCost(ownerUrl: string, rows: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const lines: string[] = [];
  try {
    const { rows: indexes } = await client.query<{ count: number }>(
      `select count(*)::int as count from pg_indexes where tablename = 'customers'`,
    );
    const { rows: triggers } = await client.query<{ tgname: string }>(
      `select tgname from pg_trigger where tgrelid = 'customers'::regclass and not tgisinternal`,
    );
    lines.push(
      `customers has ${indexes[0]!.count} indexes and ${triggers.length} triggers (${triggers.map((t) => t.tgname).join(', ') || 'none'})`,
    );
    await client.query('begin');
    await client.query(
      `create temp table stage as select * from customers where import_id is not null limit ${rows}`,
    );
    await client.query(`update stage set id = gen_random_uuid(), external_id = null,
      domains = array['again-' || id::text || '.example.com']`);
    await client.query('create temp table bare (like customers including defaults including generated)');
    await client.query('analyze stage');
    const { rows: written } = await client.query<{ attname: string }>(
      `select attname from pg_attribute where attrelid = 'customers'::regclass and attnum > 0
          and not attisdropped and attgenerated = ''`,
    );
    const list = written.map((column) => `"${column.attname}"`).join(', ');
    const insert = (target: string) => `insert into ${target} (${list}) select ${list} from stage`;
    const time = async (target: string) => {
      await client.query('savepoint s');
      const started = performance.now();
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze) ${insert(target)}`,
      );
      const ms = performance.now() - started;
      await client.query('rollback to savepoint s');
      return { ms, plan: plan.map((row) => row['QUERY PLAN']) };
    };
    await time('customers'); // warm
    await time('bare');
    const indexed = await time('customers');
    const bare = await time('bare');
    lines.push(
      `${rows} rows INSERT ... SELECT: into customers ${indexed.ms.toFixed(0)} ms, into an index-less copy ${bare.ms.toFixed(0)} ms: ` +
        `indexes, constraints and triggers ${((1 - bare.ms / indexed.ms) * 100).toFixed(0)}% of it`,
    );
    for (const line of indexed.plan.filter((l) => l.startsWith('Trigger'))) lines.push(`  ${line.trim()}`);
    // Each index's share: the batch inserted into a fresh empty copy of customers with all its indexes
    // and with all but that one (fresh each time: rolled-back rows would slow later runs); medians of 3.
    // An empty table's indexes are cheaper than a full one's (GIN pending lists, deeper trees): the
    // shares, not the sums, are the point.
    const { rows: each } = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename = 'customers'`,
    );
    const insertMs = async (without: string | null) => {
      const runs: number[] = [];
      for (let run = 0; run < 3; run++) {
        await client.query('savepoint s');
        await client.query('create temp table fresh (like customers including defaults including generated)');
        for (const index of each)
          if (index.indexname !== without)
            await client.query(
              index.indexdef.replace(/ ON \S+ /i, ' ON pg_temp.fresh ').replace(/INDEX \S+/i, 'INDEX'),
            );
        const started = performance.now();
        await client.query(insert('fresh'));
        runs.push(performance.now() - started);
        await client.query('rollback to savepoint s');
      }
      return median(runs);
    };
    await insertMs(null); // warm
    const allMs = await insertMs(null);
    const costs: string[] = [];
    for (const { indexname } of each)
      costs.push(`${indexname} ${(allMs - (await insertMs(indexname))).toFixed(0)} ms`);
    lines.push(
      `  each index's share (into an empty copy: ${allMs.toFixed(0)} ms with all ${each.length}, less with one dropped; medians of 3): ${costs.join(', ')}`,
    );
    await client.query('rollback');
  } finally {
    await client.end();
  }
  return lines;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The child's CPU profile: self time by function and by source area, the top ones. */
async function profileSummary(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return ['no profile written'];
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!;
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const where = frame.url.replace(/^.*\/(service\/src|node_modules)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + micros);
    const area =
      frame.functionName === '(idle)'
        ? 'idle (waiting for the database)'
        : frame.functionName === '(garbage collector)'
          ? 'garbage collector'
          : /csv-stream|csv-reader/.test(where)
            ? 'CSV reader'
            : /import-values|import-rows|import-fields/.test(where)
              ? 'cells into rows'
              : /writers\//.test(where)
                ? 'writers'
                : /staging|bulk-insert/.test(where)
                  ? 'staging text'
                  : /node_modules\/(pg|pg-protocol|pg-copy-streams)\//.test(where)
                    ? 'pg driver'
                    : /node_modules\/drizzle-orm/.test(where)
                      ? 'drizzle'
                      : /node_modules\/uuid/.test(where)
                        ? 'uuid'
                        : where.startsWith('node:') || where === ''
                          ? 'node internals / native'
                          : 'other';
    areas.set(area, (areas.get(area) ?? 0) + micros);
  });
  const pct = (micros: number) => `${((micros / total) * 100).toFixed(1)}%`;
  const lines = [
    `by area: ${[...areas]
      .sort(([, a], [, b]) => b - a)
      .map(([area, micros]) => `${area} ${pct(micros)}`)
      .join(', ')}`,
    'top functions by self time:',
  ];
  for (const [name, micros] of [...self].sort(([, a], [, b]) => b - a).slice(0, 15))
    lines.push(`  ${pct(micros)} ${name}`);
  return lines;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Printing

function print(result: ChildResult, copySeconds: number, fileMb: number): void {
  const rate = result.rows / result.seconds;
  const copyRate = result.rows / copySeconds;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `  raw COPY into an unindexed text table: ${fmt(copyRate)} rows/s (${copySeconds.toFixed(1)} s, ${fileMb.toFixed(0)} MB)`,
  );
  console.log(
    `  import: ${result.status}${result.error ? ` (${result.error})` : ''}, ${fmt(result.rows)} rows in ${result.seconds.toFixed(1)} s = ${fmt(rate)} rows/s; ` +
      `ratio to raw COPY ${(rate / copyRate).toFixed(3)}; batches of ${result.batchRows}`,
  );
  const c = result.counts;
  console.log(
    `    counts: created ${c.created}, skipped ${c.skipped}, failed ${c.failed}, report lines ${c.errors}; customers with this import id ${result.created}`,
  );
  const flat =
    result.rssAtFlatFromMb === null
      ? `fewer than ${fmt(FLAT_FROM)} rows: no flatness figure`
      : `RSS after ${fmt(FLAT_FROM)} rows ${result.rssAtFlatFromMb.toFixed(0)} MB (peak so far ${result.peakAtFlatFromMb!.toFixed(0)} MB), ` +
        `at the end ${result.rssAtEndMb.toFixed(0)} MB (${signed(result.rssAtEndMb - result.rssAtFlatFromMb)} MB)`;
  console.log(
    `    peak RSS ${result.peakRssMb.toFixed(0)} MB (${result.startRssMb.toFixed(0)} MB at the start); ${flat}`,
  );
  const trace = result.batches;
  if (trace.length) {
    const at = (index: number) => {
      const batch = trace[index]!;
      return `batch ${index + 1} ${batch.seconds.toFixed(2)} s (lookups ${batch.lookupSeconds.toFixed(2)} s)`;
    };
    const picks = [
      ...new Set([0, Math.floor(trace.length / 4), Math.floor(trace.length / 2), trace.length - 1]),
    ];
    console.log(`    per batch, as the table grows: ${picks.map(at).join('; ')}`);
  }
  const total = result.seconds * 1000;
  const share = (ms: number) => `${(ms / 1000).toFixed(1)} s, ${((ms / total) * 100).toFixed(0)}%`;
  console.log(`    where the time goes (of ${result.seconds.toFixed(1)} s):`);
  console.log(`      reading+parsing the CSV (same file, no database): ${share(result.readSeconds * 1000)}`);
  console.log(
    `      reading cells into rows (prepareRow: values, validation): ${share((result.prepareSeconds - result.readSeconds) * 1000)}`,
  );
  let statementMs = 0;
  const sorted = Object.entries(result.statements).sort(([, a], [, b]) => b.ms - a.ms);
  for (const [kind, { ms, count }] of sorted) {
    statementMs += ms;
    console.log(`      ${kind}: ${share(ms)} (${count} statements)`);
  }
  const rest = total - statementMs - result.prepareSeconds * 1000;
  console.log(
    `      the rest (writer in JS: records, keys, duplicate checks, COPY text; GC; event loop): ${share(rest)}`,
  );
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(0)}`;

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'closer-bench-import-'));
  try {
    if (DATABASES.includes('postgres')) {
      if (!(await reachable(SERVER))) console.log(`postgres: no server at ${SERVER}; skipped`);
      else await onPostgres(scratch);
    }
    if (DATABASES.includes('pglite') && PGLITE_ROWS > 0) await onPglite(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function generated(scratch: string, rows: number, owners: readonly string[], label: string) {
  const file = path.join(scratch, `customers-${label}.csv`);
  const started = performance.now();
  await generate(file, rows, owners);
  const fileMb = (await stat(file)).size / 1e6;
  console.log(
    `${label}: generated ${rows.toLocaleString('en-US')} customer rows (${fileMb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { file, fileMb };
}

/** Owners: the four members the factory makes, by email (all the org's members). */
const ownersOf = (slug: string) =>
  ['admin', 'manager', 'rep', 'other-rep'].map((key) => `${key}@${slug}.test`);

async function onPostgres(scratch: string): Promise<void> {
  process.env.TEST_DATABASE_URL = SERVER;
  const { createTestDatabase } = await source<typeof TestDatabase>('test/test-database.ts');
  const { buildOrganization } = await source<typeof Factories>('test/factories.ts');
  const database = await createTestDatabase();
  try {
    const org = await buildOrganization(database.db);
    await seedExisting(database.db, org.tenantId, org.admin.id);
    const ownerUrl = database.ownerUrl!;
    const admin = new pg.Client({ connectionString: ownerUrl });
    await admin.connect();
    await admin.query('analyze');
    await admin.end();
    const { file, fileMb } = await generated(scratch, ROWS, ownersOf(org.slug), 'postgres');
    const copySeconds = await copyBaseline(ownerUrl, file);
    const profileDir = PROFILE ? path.join(scratch, 'profile') : undefined;
    const result = await runChild(
      { database: 'postgres', ownerUrl, tenantId: org.tenantId, adminId: org.admin.id, file, rows: ROWS },
      profileDir,
    );
    print(result, copySeconds, fileMb);
    if (profileDir) {
      console.log(
        '    CPU profile of the import process (the whole child: set-up, import, the read-only passes):',
      );
      for (const line of await profileSummary(profileDir)) console.log(`      ${line}`);
    }
    console.log('    index maintenance (one batch again, rolled back):');
    for (const line of await indexCost(ownerUrl, result.batchRows)) console.log(`      ${line}`);
  } finally {
    if (process.env.BENCH_IMPORT_KEEP === '1') console.log(`    kept the database: ${database.ownerUrl}`);
    else await database.destroy();
  }
}

async function onPglite(scratch: string): Promise<void> {
  // The child builds the organization (the database lives there) with this slug: the owners' emails.
  const { file, fileMb } = await generated(scratch, PGLITE_ROWS, ownersOf(PGLITE_SLUG), 'pglite');
  const result = await runChild({ database: 'pglite', file, rows: PGLITE_ROWS });
  console.log('  (PGlite: the database runs in the import process, so its RSS is in the figures)');
  print(result, result.copySeconds!, fileMb);
}

const PGLITE_SLUG = 'bench-import';

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(JSON.parse(process.argv[childAt + 1]!) as Setup);
else await main();
