/**
 * The import's CSV reader against csv-parse, on the same file in the same run.
 *
 * Generates (deterministically) a CRM-like CSV of N rows to a temp file: quoted values with commas and
 * `""`, accents, CRLF records, some notes spanning several lines. Then reads it, each reader in its own
 * child process so each peak RSS is its own:
 * (a) `openCsvFile` (service/src/core/csv/csv-stream.ts), batches of 1,000 records;
 * (b) csv-parse in streaming mode from a 1 MiB-chunk file stream, configured to give the same records
 *     (relax_column_count, relax_quotes, skip_empty_lines, bom, and `info: true` for lines: csv-parse
 *     gives the line a record ends on, so the start line is taken as the previous record's end + 1,
 *     right for this file, which has no blank lines).
 * Both compute checksums of every record's fields and of its start line, so "same records" is checked,
 * not assumed. The lines differ: csv-parse counts a `\r\n` inside a quoted value as two lines (after a
 * 3-line note in a CRLF file every later record is 2 lines on), one reason the user import kept its own
 * reader. Runs alternate a, b, a, b... (BENCH_CSV_RUNS each); prints the median rows/s, the highest peak
 * RSS, and the ratio b/a of the medians (above 1: csv-parse is faster).
 *
 * Environment: BENCH_CSV_ROWS (default 1000000), BENCH_CSV_RUNS (default 3), BENCH_CSV_FILE (read this
 * file instead of generating one).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { median } from './measure.js';

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_CSV_RUNS ?? 3);
const BATCH = 1000;
const READERS = ['closer', 'csv-parse'] as const;
type Reader = (typeof READERS)[number];

interface CsvRecord {
  line: number;
  fields: string[];
}
interface CsvFile {
  encoding: string;
  header: CsvRecord;
  batches(batchSize: number): AsyncGenerator<CsvRecord[]>;
  close(): Promise<void>;
}
type OpenCsvFile = (path: string) => Promise<CsvFile>;

interface ReaderResult {
  rows: number;
  seconds: number;
  peakRssMb: number;
  /** RSS of the child before it reads (Node, tsx and the reader's module loaded). */
  baselineRssMb: number;
  checksum: string;
}

/** Order-sensitive checksums (FNV-1a) of the fields (lengths and first characters) and of the lines. */
class Checksum {
  private fields = 0x811c9dc5;
  private lines = 0x811c9dc5;
  add(line: number, fields: readonly string[]): void {
    let h = this.fields;
    for (const field of fields)
      h = Math.imul(h ^ (field.length * 31 + (field.charCodeAt(0) | 0)), 0x01000193);
    this.fields = Math.imul(h ^ fields.length, 0x01000193) >>> 0;
    this.lines = Math.imul(this.lines ^ line, 0x01000193) >>> 0;
  }
  toString(): string {
    return `${this.fields.toString(16).padStart(8, '0')}/${this.lines.toString(16).padStart(8, '0')}`;
  }
}

type Read = (file: string) => Promise<{ rows: number; checksum: string }>;

async function readWithCloser(): Promise<Read> {
  const url = new URL('../../service/src/core/csv/csv-stream.ts', import.meta.url).href;
  const { openCsvFile } = (await import(url)) as { openCsvFile: OpenCsvFile };
  return (file) => read(openCsvFile, file);
}

async function read(openCsvFile: OpenCsvFile, file: string): Promise<{ rows: number; checksum: string }> {
  const csv = await openCsvFile(file);
  const checksum = new Checksum();
  checksum.add(csv.header.line, csv.header.fields);
  let rows = 0;
  for await (const batch of csv.batches(BATCH)) {
    for (const record of batch) checksum.add(record.line, record.fields);
    rows += batch.length;
  }
  await csv.close();
  return { rows, checksum: checksum.toString() };
}

async function readWithCsvParse(file: string): Promise<{ rows: number; checksum: string }> {
  const parser = createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }),
  );
  const checksum = new Checksum();
  let rows = -1; // the header is a record to csv-parse
  let endOfPrevious = 0;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    checksum.add(endOfPrevious + 1, record);
    endOfPrevious = info.lines;
    rows++;
  }
  return { rows, checksum: checksum.toString() };
}

/** One reader in this process (the child): prints its result as JSON. */
async function child(reader: string, file: string): Promise<void> {
  const readFile = reader === 'closer' ? await readWithCloser() : readWithCsvParse;
  const baselineRssMb = process.memoryUsage().rss / (1024 * 1024);
  const started = performance.now();
  const result = await readFile(file);
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...result, seconds, peakRssMb, baselineRssMb } satisfies ReaderResult));
}

function runChild(reader: string, file: string): Promise<ReaderResult> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, [...process.execArgv, script, 'child', reader, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as ReaderResult)
        : reject(new Error(`${reader} exited ${code}`)),
    ),
  );
}

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

const FIRST = ['José', 'Zoë', 'François', 'Łukasz', 'Ana', 'Björn', 'Chloé', 'Søren', 'Ming', 'Ada', 'Oğuz'];
const LAST = ['Müller', 'García', 'Nguyễn', "O'Brien", 'Kowalski', 'Dubois', 'Smith', 'Ångström', 'Rossi'];
const COMPANY = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Société Générale',
  'Nordwind',
  'Zürich Re',
];
const SUFFIX = [', Inc.', ' GmbH', ' S.A.', ', LLC', ' AG', ' Ltd'];
const CITY = ['São Paulo', 'Kraków', 'München', 'Paris', 'New York, NY', 'Reykjavík', 'Montréal', 'Tokyo'];
const STAGE = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const NOTES = [
  'Called, left a voicemail.',
  'Wants a demo next week; budget "approved".',
  'Met at the trade fair.\nFollow up with pricing, and a case study.',
  'Renewal due.\r\nAsked for 10% off.\r\nManager says "maybe".',
];

const quote = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

async function generate(file: string, rows: number): Promise<void> {
  const next = random(13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out = createWriteStream(file);
  let chunk = 'id,company,contact,email,phone,city,stage,amount,created_at,notes\r\n';
  for (let i = 1; i <= rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = `${pick(COMPANY)}${pick(SUFFIX)}`;
    const amount = (next() * 250_000).toLocaleString('en-US', { maximumFractionDigits: 2 });
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    // Every twentieth row has a multi-line note, most have a one-line note, some none.
    const note = i % 20 === 0 ? pick(NOTES.slice(2)) : next() < 0.7 ? pick(NOTES.slice(0, 2)) : '';
    const email = `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    const fields = [
      String(i),
      company,
      `${first} ${last}`,
      email,
      `+1 555 ${String(i % 10_000).padStart(4, '0')}`,
    ];
    fields.push(pick(CITY), pick(STAGE), amount, `2025-03-${day}T10:00:00Z`, note);
    chunk += fields.map(quote).join(',') + '\r\n';
    if (chunk.length > 1024 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'bench-csv-'));
  try {
    const file = process.env.BENCH_CSV_FILE ?? path.join(folder, 'customers.csv');
    if (process.env.BENCH_CSV_FILE === undefined) {
      const started = performance.now();
      await generate(file, ROWS);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`csv: generated ${ROWS.toLocaleString('en-US')} rows in ${seconds} s`);
    }
    const megabytes = statSync(file).size / (1024 * 1024);
    console.log(
      `csv: ${file}, ${megabytes.toFixed(0)} MiB; each reader in its own process, one after the other`,
    );
    const runs: Record<Reader, ReaderResult[]> = { closer: [], 'csv-parse': [] };
    for (let run = 0; run < RUNS; run++) {
      for (const reader of READERS) runs[reader].push(await runChild(reader, file));
    }
    const summary = (reader: Reader) => ({
      rowsPerSecond: median(runs[reader].map((result) => result.rows / result.seconds)),
      ...runs[reader][0]!,
      peakRssMb: Math.max(...runs[reader].map((result) => result.peakRssMb)),
      baselineRssMb: Math.max(...runs[reader].map((result) => result.baselineRssMb)),
    });
    const closer = summary('closer');
    const csvParse = summary('csv-parse');
    for (const [label, result] of [
      ['(a) openCsvFile (streaming)', closer],
      ['(b) csv-parse 7 (streaming)', csvParse],
    ] as const) {
      const rate = Math.round(result.rowsPerSecond).toLocaleString('en-US');
      const mibPerSecond = ((megabytes * result.rowsPerSecond) / result.rows).toFixed(1);
      const all = runs[label.startsWith('(a)') ? 'closer' : 'csv-parse']
        .map((r) => Math.round(r.rows / r.seconds).toLocaleString('en-US'))
        .join(', ');
      console.log(
        `  ${label}: ${result.rows.toLocaleString('en-US')} rows, median ${rate} rows/s (${mibPerSecond} MiB/s; ` +
          `runs ${all}), peak RSS ${result.peakRssMb.toFixed(0)} MB (${result.baselineRssMb.toFixed(0)} MB before reading), checksum fields/lines ${result.checksum}`,
      );
    }
    const [closerFields, closerLines] = closer.checksum.split('/');
    const [csvParseFields, csvParseLines] = csvParse.checksum.split('/');
    const same = closer.rows === csvParse.rows && closerFields === csvParseFields;
    console.log(`  same records (count and fields): ${same ? 'yes' : 'NO'}`);
    const drift =
      closerLines === csvParseLines ? 'yes' : 'no (csv-parse counts a quoted \\r\\n as two lines)';
    console.log(`  same start lines: ${drift}`);
    const ratio = csvParse.rowsPerSecond / closer.rowsPerSecond;
    console.log(`  ratio b/a (csv-parse rows/s over openCsvFile rows/s): ${ratio.toFixed(2)}`);
    if (!same) process.exitCode = 1;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3]!, process.argv[4]!);
else await main();
