/**
 * The write path every record type shares: rows become records (the type's `toRecord`), duplicates are
 * found within the batch, within the file and against the database by the type's keys, the duplicate
 * policy decides, and the batch is written set-based: new records staged and inserted with one statement,
 * updated ones snapshotted (for undo) and updated with one statement.
 */
import { sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { textArrayParam, type BulkColumns } from '../../../core/db/bulk-insert.js';
import { queryRows } from '../../../core/db/database.js';
import { stageRows, type CopyValue } from '../../../core/db/staging.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import { BatchKeys, emptyOutcome, reject, type BatchOutcome, type WriteContext } from './writer.js';

/** A record as a type's writer builds it: column -> value, in the table's own column names. */
export type RecordValues = Record<string, CopyValue>;

/** A record of the database that a row's key matched. */
export interface ExistingRecord {
  id: string;
  label: string;
  import_id: string | null;
  import_line: number | null;
  keys: string[];
}

/** A row ready to be written: its record and the keys that identify it. */
export interface Candidate {
  row: PreparedRow;
  record: RecordValues;
  /** `kind:value` strings, e.g. `externalId:0061000000AbC`, `domain:acme.com`. */
  keys: string[];
}

export interface RecordSpec<Batch> {
  /** The table, as in SQL. */
  table: string;
  /** Singular noun for messages ("customer"). */
  noun: string;
  /** Columns of a new record (besides tenant_id, id, import_id, import_line, created by the engine). */
  columns: BulkColumns;
  /** SQL defaults (fixed in code) of columns a record may leave null but the table does not take null. */
  defaults?: Readonly<Record<string, string>>;
  /** Columns an update may change (a null in the row keeps the value). */
  updatable: readonly string[];
  /** Per batch: resolves what the rows name (teams, customers, stages), once for all rows. */
  prepare(context: WriteContext, rows: PreparedRow[]): Promise<Batch>;
  /** A row's record, or the problems that keep it out. */
  toRecord(context: WriteContext, batch: Batch, row: PreparedRow): RecordValues | RowProblem[];
  /** The keys a record is found by, per the import's duplicate keys. */
  keysOf(context: WriteContext, record: RecordValues): string[];
  /** Existing records (not in the trash, in the importer's scope) with one of `keys`. */
  findExisting(context: WriteContext, keys: string[]): Promise<ExistingRecord[]>;
  /** Before the batch's new records go in: what they need first (customers they named, created now). */
  beforeCreate?(context: WriteContext, batch: Batch, created: Candidate[]): Promise<void>;
  /** After the batch's new records are in (staged in `stage`): their child rows (links, history). */
  afterCreate?(context: WriteContext, batch: Batch, created: Candidate[]): Promise<void>;
  /** After updates: child rows an update adds (a new customer link, a stage change). */
  afterUpdate?(
    context: WriteContext,
    batch: Batch,
    updated: { id: string; candidate: Candidate }[],
  ): Promise<void>;
}

const KEY_LABELS: Record<string, string> = {
  externalId: 'external id',
  domain: 'domain',
  email: 'email',
  name: 'name',
};

function describeKey(key: string): string {
  const colon = key.indexOf(':');
  return `${KEY_LABELS[key.slice(0, colon)] ?? key.slice(0, colon)} ${key.slice(colon + 1)}`;
}

/** Writes one batch of rows of a record type. */
export async function writeRecords<Batch>(
  context: WriteContext,
  rows: PreparedRow[],
  spec: RecordSpec<Batch>,
): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  const batch = await spec.prepare(context, rows);
  const candidates: Candidate[] = [];
  for (const row of rows) {
    if (row.problems.length) {
      outcome.report.push(...row.notes);
      reject(outcome, row.problems);
      continue;
    }
    const record = spec.toRecord(context, batch, row);
    outcome.report.push(...row.notes);
    if (Array.isArray(record)) {
      reject(outcome, record);
      continue;
    }
    candidates.push({ row, record, keys: spec.keysOf(context, record) });
  }

  const allKeys = [...new Set(candidates.flatMap((candidate) => candidate.keys))];
  const existingByKey = new Map<string, ExistingRecord>();
  if (allKeys.length) {
    for (const existing of await spec.findExisting(context, allKeys))
      for (const key of existing.keys) if (!existingByKey.has(key)) existingByKey.set(key, existing);
  }

  const creates: Candidate[] = [];
  const updates = new Map<string, Candidate>();
  const pendingByLine = new Map<number, Candidate>();
  const batchKeys = new BatchKeys();
  const seen = context.job.dryRun ? context.seen : undefined;
  for (const candidate of candidates) {
    const { row } = candidate;
    const earlier = batchKeys.claim(candidate.keys, row.line, seen);
    const matchKey = candidate.keys.find((key) => existingByKey.has(key));
    const match = matchKey === undefined ? undefined : existingByKey.get(matchKey)!;
    if (earlier !== undefined) {
      const sameKey = earlier.key;
      const reason = `the same ${describeKey(sameKey)} as line ${earlier.line} of this file`;
      if (context.policy === 'create' && !sameKey.startsWith('externalId:')) {
        creates.push(candidate);
        pendingByLine.set(row.line, candidate);
        continue;
      }
      const pending = pendingByLine.get(earlier.line);
      if (context.policy === 'update' && pending) {
        mergeInto(pending.record, candidate.record, spec.updatable);
        outcome.updated++;
        continue;
      }
      if (context.policy === 'update' && match) {
        updates.set(match.id, candidate);
        outcome.updated++;
        continue;
      }
      outcome.skipped++;
      outcome.report.push(note(context, candidate, sameKey, `Skipped: ${reason}`));
      continue;
    }
    if (match) {
      const inFile = match.import_id === context.job.id && match.import_line !== null;
      const reason = inFile
        ? `the same ${describeKey(matchKey!)} as line ${match.import_line} of this file`
        : `${/^[aeiou]/.test(spec.noun) ? 'an' : 'a'} ${spec.noun} with the ${describeKey(matchKey!)} exists (${match.label})`;
      if (context.policy === 'update') {
        const previous = updates.get(match.id);
        if (previous) mergeInto(previous.record, candidate.record, spec.updatable);
        else updates.set(match.id, candidate);
        outcome.updated++;
      } else if (context.policy === 'create' && !matchKey!.startsWith('externalId:')) {
        creates.push(candidate);
        pendingByLine.set(row.line, candidate);
      } else if (context.policy === 'create') {
        reject(outcome, [note(context, candidate, matchKey!, `The external id is already used: ${reason}`)]);
      } else {
        outcome.skipped++;
        outcome.report.push(note(context, candidate, matchKey!, `Skipped: ${reason}`));
      }
      continue;
    }
    creates.push(candidate);
    pendingByLine.set(row.line, candidate);
  }
  outcome.created = creates.length;
  if (context.job.dryRun) return outcome;

  if (creates.length) {
    for (const candidate of creates) candidate.record.id = uuidv7();
    await spec.beforeCreate?.(context, batch, creates);
    await insertCreated(context, spec, creates);
    await spec.afterCreate?.(context, batch, creates);
  }
  if (updates.size) {
    const updated = [...updates].map(([id, candidate]) => ({ id, candidate }));
    await applyUpdates(context, spec, updated);
    await spec.afterUpdate?.(context, batch, updated);
  }
  return outcome;
}

function note(context: WriteContext, candidate: Candidate, key: string, message: string): RowProblem {
  const kind = key.slice(0, key.indexOf(':'));
  return {
    line: candidate.row.line,
    column: context.plan.headerOf(kind === 'domain' ? 'domain' : kind),
    value: key.slice(key.indexOf(':') + 1),
    message,
  };
}

/** Later rows win where they have a value. */
function mergeInto(target: RecordValues, later: RecordValues, updatable: readonly string[]): void {
  for (const column of updatable) {
    const value = later[column];
    if (value !== null && value !== undefined) target[column] = value;
  }
}

const ENGINE_COLUMNS: BulkColumns = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['import_id', 'uuid'],
  ['import_line', 'integer'],
];

/** Stages the new records and inserts them with one statement. */
async function insertCreated<Batch>(context: WriteContext, spec: RecordSpec<Batch>, creates: Candidate[]) {
  const columns = [...ENGINE_COLUMNS, ...spec.columns];
  const stage = stageName(spec.table);
  await stageRows(
    context.tx,
    context.kind,
    stage,
    columns,
    creates.map((candidate) => ({
      ...candidate.record,
      tenant_id: context.job.tenantId,
      import_id: context.job.id,
      import_line: candidate.row.line,
    })),
  );
  const names = columns.map(([name]) => name).join(', ');
  const values = columns
    .map(([name]) => (spec.defaults?.[name] ? `coalesce(${name}, ${spec.defaults[name]})` : name))
    .join(', ');
  await context.tx.execute(sql.raw(`insert into ${spec.table} (${names}) select ${values} from ${stage}`));
}

/** The temporary table a type's rows are staged in (one per table and connection). */
export function stageName(table: string, purpose = 'new'): string {
  return `import_stage_${table}_${purpose}`;
}

/**
 * Updates matched records from their rows: the values before go to `import_changes` (the first time this
 * import touches the record), then one `UPDATE ... FROM` sets what the rows have and bumps the version.
 */
async function applyUpdates<Batch>(
  context: WriteContext,
  spec: RecordSpec<Batch>,
  updated: { id: string; candidate: Candidate }[],
): Promise<void> {
  const types = new Map(spec.columns.map(([name, type]) => [name, type]));
  const columns: BulkColumns = [
    ['id', 'uuid'],
    ...spec.updatable.map((name) => [name, types.get(name)!] as const),
  ];
  const stage = stageName(spec.table, 'update');
  await stageRows(
    context.tx,
    context.kind,
    stage,
    columns,
    updated.map(({ id, candidate }) => ({ ...candidate.record, id })),
  );
  const before = spec.updatable.map((name) => `'${name}', t.${name}`).join(', ');
  await context.tx.execute(
    sql`insert into import_changes (tenant_id, import_id, record_id, created, before)
        select t.tenant_id, ${context.job.id}, t.id, false, jsonb_build_object(${sql.raw(before)}, 'version', t.version)
          from ${sql.raw(spec.table)} t join ${sql.raw(stage)} s on s.id = t.id
        on conflict do nothing`,
  );
  const sets = spec.updatable.map((name) => `${name} = coalesce(s.${name}, t.${name})`).join(', ');
  await context.tx.execute(
    sql.raw(
      `update ${spec.table} t set ${sets}, version = t.version + 1, updated_at = now() from ${stage} s where t.id = s.id`,
    ),
  );
}

/** `select` of existing records by keys, shared by the types: the caller gives the match condition. */
export async function existingBy(
  context: WriteContext,
  query: SQL,
): Promise<
  {
    id: string;
    label: string;
    import_id: string | null;
    import_line: number | null;
    [column: string]: unknown;
  }[]
> {
  return queryRows(context.tx, query);
}

/** Values of the keys of one kind (`externalId:X` -> X). */
export function keyValues(keys: readonly string[], kind: string): string[] {
  const prefix = `${kind}:`;
  return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}

/**
 * Ids of the live customers or contacts with one of the keys, by kind (`domain`, `email`, `name`), from
 * `record_keys`: an equality on a btree, which row-level security lets PostgreSQL use (see the table).
 */
export function idsByKeys(recordType: 'customer' | 'contact', keys: Record<string, readonly string[]>): SQL {
  const parts = Object.entries(keys)
    .filter(([, values]) => values.length > 0)
    .map(
      ([kind, values]) =>
        sql`(kind = ${kind} and key = any(${textArrayParam(values.map((v) => v.toLowerCase()))}))`,
    );
  if (!parts.length) return sql`(select null::uuid as id where false)`;
  return sql`(select record_id as id from record_keys where record_type = ${recordType} and (${sql.join(parts, sql` or `)}))`;
}
