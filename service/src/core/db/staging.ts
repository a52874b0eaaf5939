/**
 * Staging tables for set-based writes: many rows land in a temporary table (with `COPY` on PostgreSQL,
 * the fastest way in; as one JSON parameter on PGlite), and then one `INSERT ... SELECT` or
 * `UPDATE ... FROM` moves them, under row-level security like any other write. PostgreSQL refuses
 * `COPY FROM` into a table under RLS, and a temporary table has none: it is private to the connection.
 */
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { bulkInsert, type BulkColumns } from './bulk-insert.js';
import type { Database, Tx } from './database.js';

export type CopyValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number)[]
  /** A `jsonb` value. */
  | { readonly [key: string]: unknown };

/** One value in COPY's text format (`\N` is null; arrays as `{"a","b"}`; objects as JSON). */
export function copyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeText(value);
  if (!Array.isArray(value)) return escapeText(JSON.stringify(value));
  const elements = value.map((element) => `"${String(element).replace(/["\\]/g, '\\$&')}"`);
  return escapeText(`{${elements.join(',')}}`);
}

function escapeText(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** Rows in COPY's text format, one line each, columns in the order given. */
export function copyText(columns: BulkColumns, rows: readonly Record<string, CopyValue>[]): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let index = 0; index < columns.length; index++) {
      if (index) line += '\t';
      line += copyValue(row[columns[index]![0]]);
    }
    text += `${line}\n`;
  }
  return text;
}

interface CopyClient {
  query(stream: Writable): Writable;
  /** Set on a pipelining `pg` client (the app pool pipelines: see postgres.ts). */
  pipeline?: boolean;
  /** `pg` internals: what a pipelining client has sent and not yet been answered. */
  _sentQueryQueue?: unknown[];
  _activeQuery?: unknown;
}

/**
 * Runs a COPY on a client that pipelines its queries: pg refuses custom query classes (pg-copy-streams) in
 * pipeline mode, because one that spans round trips would mix answers with queries written behind it.
 * A unit of work awaits each statement, so nothing is in flight here and the COPY may run on its own;
 * pipelining resumes after it.
 */
async function withoutPipelining<T>(wrapped: CopyClient, work: () => Promise<T>): Promise<T> {
  // The transaction's client may wrap the pooled one (postgres.ts counts statements): the flag lives there.
  let client = wrapped;
  while (!Object.prototype.hasOwnProperty.call(client, 'pipeline') && Object.getPrototypeOf(client))
    client = Object.getPrototypeOf(client) as CopyClient;
  if (!client.pipeline) return work();
  if ((client._sentQueryQueue?.length ?? 0) > 0 || client._activeQuery)
    throw new Error('COPY needs a connection with no query in flight');
  client.pipeline = false;
  try {
    return await work();
  } finally {
    client.pipeline = true;
  }
}

/** Streams `text` (COPY text format) into `target` on a `pg` client. */
export async function copyInto(
  client: CopyClient,
  target: string,
  columns: string,
  text: string,
): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} (${columns}) from stdin`));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}

/**
 * Fills the temporary table `name` (created on first use on this connection, emptied at every commit)
 * with `rows`. The name and columns are fixed in code, never from input.
 */
export async function stageRows(
  tx: Tx,
  kind: Database['kind'],
  name: string,
  columns: BulkColumns,
  rows: readonly Record<string, CopyValue>[],
): Promise<void> {
  const definitions = columns.map(([column, type]) => `${column} ${type}`).join(', ');
  await tx.execute(
    sql.raw(`create temporary table if not exists ${name} (${definitions}) on commit delete rows`),
  );
  if (!rows.length) return;
  if (kind === 'pglite') {
    await bulkInsert(tx, name, columns, rows as Record<string, unknown>[]);
    return;
  }
  const client = (tx as unknown as { session: { client: CopyClient } }).session.client;
  const names = columns.map(([column]) => column).join(', ');
  await withoutPipelining(client, () => copyInto(client, name, names, copyText(columns, rows)));
}
