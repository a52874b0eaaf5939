/**
 * Runs an import as a job: the file is read in batches, each batch is read into rows, validated, and
 * written in its own transaction together with its problems and the import's progress. A run holds a
 * lease on the import; a run that dies (a killed worker) leaves the last committed batch as the place
 * the next run starts from, so a resumed import ends exactly as an uninterrupted one.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../../core/audit/audit.js';
import { inTenant } from '../../core/context/unit-of-work.js';
import { CsvFileError, openCsvFile, type CsvFile } from '../../core/csv/csv-stream.js';
import type { CsvRecord } from '../../core/csv/csv-reader.js';
import { bulkInsert } from '../../core/db/bulk-insert.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import { emitEvent } from '../../core/events/events.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { memberActor } from '../../core/identity/member-actor.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import * as repo from './imports.repo.js';
import * as customFieldsRepo from '../custom-fields/custom-fields.repo.js';
import { IMPORT_FIELDS } from './import-fields.js';
import type { CustomFieldObject } from '../custom-fields/custom-fields.tables.js';
import { planColumns, prepareRow, type ColumnPlan, type RowProblem } from './import-rows.js';
import { importsForOrganization } from './imports.policy.js';
import type { Import, ImportCounts, ImportType } from './imports.tables.js';
import { contactsWriter } from './writers/contacts.js';
import { customersWriter } from './writers/customers.js';
import { interactionsWriter } from './writers/interactions.js';
import { tasksWriter } from './writers/tasks.js';
import { opportunitiesWriter } from './writers/opportunities.js';
import { usersWriter } from './writers/users.js';
import { loadMembers, type BatchOutcome, type ImportWriter, type WriteContext } from './writers/writer.js';

/** How long a run's heartbeat may be silent before another run takes the import over. */
export const LEASE_SECONDS = 60;

export const WRITERS: Partial<Record<ImportType, ImportWriter>> = {
  customers: customersWriter,
  contacts: contactsWriter,
  opportunities: opportunitiesWriter,
  users: usersWriter,
  interactions: interactionsWriter,
  tasks: tasksWriter,
};

export type ImportRunDeps = Pick<WorkerDeps, 'db' | 'logger' | 'queue' | 'config'>;

export interface RunHooks {
  /** Called inside each batch's transaction before it commits (a throw here rolls the batch back). */
  beforeCommit?(batch: number): Promise<void> | void;
  /** Called after each committed batch (tests stop a run here, as a killed worker would). */
  afterBatch?(batch: number): Promise<void> | void;
  /** Take over a run whose heartbeat is this old (default LEASE_SECONDS). */
  leaseSeconds?: number;
}

/** Where an import's file waits while the import runs (removed when it ends). */
export function importFilePath(dataDir: string, tenantId: string, importId: string): string {
  return path.join(dataDir, 'imports', tenantId, `${importId}.csv`);
}

/** Problems reported per import at most (the counts stay exact beyond it). */
const MAX_REPORTED = 100_000;

/** Runs (or resumes) the import; returns quietly when another live run holds it or it has ended. */
export async function runImport(
  deps: ImportRunDeps,
  ids: { tenantId: string; importId: string },
  hooks: RunHooks = {},
): Promise<void> {
  const runnerId = uuidv7();
  const claimed = await deps.db.transaction({ tenantId: ids.tenantId }, async (tx) => {
    const [row] = await queryRows<{ id: string; created_by: string }>(
      tx,
      sql`update imports set runner_id = ${runnerId}, heartbeat_at = now(), status = 'running',
                 started_at = coalesce(started_at, now())
           where id = ${ids.importId} and status in ('queued', 'running')
             and (runner_id is null or heartbeat_at <= now() - make_interval(secs => ${hooks.leaseSeconds ?? LEASE_SECONDS}))
          returning id, created_by`,
    );
    if (!row) return null;
    return memberActor(tx, ids.tenantId, row.created_by, 'import').then((actor) => ({ actor }));
  });
  if (!claimed) return;
  const run = new ImportRun(deps, ids, runnerId, hooks);
  if (!claimed.actor) {
    await run.finish(
      'failed',
      'The person who started this import is no longer a member of the organization.',
    );
    return;
  }
  await run.execute(claimed.actor);
}

class ImportRun {
  private job!: Import;
  private counts!: ImportCounts;
  private reported = 0;
  private lastEventAt = 0;
  private startedRows = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly deps: ImportRunDeps,
    private readonly ids: { tenantId: string; importId: string },
    private readonly runnerId: string,
    private readonly hooks: RunHooks,
  ) {}

  async execute(actor: TenantActor): Promise<void> {
    const writer = await this.load(actor);
    const file = importFilePath(this.deps.config.dataDir, this.ids.tenantId, this.ids.importId);
    let csv: CsvFile;
    try {
      csv = await openCsvFile(file);
    } catch (error) {
      if (error instanceof CsvFileError) return this.finish('failed', error.message, error.line);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return this.finish('failed', 'The uploaded file is gone; upload it again.');
      throw error;
    }
    try {
      const setup = await inTenant(this.deps.db, actor, (tx) => this.setup(tx, actor, csv));
      if ('problem' in setup) return await this.finish('failed', setup.problem);
      if (!writer) return await this.finish('failed', `Importing ${this.job.type} is not available yet.`);
      await this.readBatches(actor, csv, setup, writer);
    } catch (error) {
      if (error instanceof CsvFileError) return this.finish('failed', error.message, error.line);
      if (error instanceof LeaseLost) return;
      throw error;
    } finally {
      await csv.close();
    }
  }

  private async load(actor: TenantActor): Promise<ImportWriter | undefined> {
    const [job] = await inTenant(this.deps.db, actor, (tx) =>
      queryRows<Import>(tx, sql`select ${IMPORT_COLUMNS} from imports where id = ${this.ids.importId}`),
    );
    this.job = job!;
    this.counts = { ...ZERO_COUNTS, ...this.job.counts };
    this.reported = this.counts.errors;
    this.startedRows = this.job.rowsDone;
    return WRITERS[this.job.type];
  }

  /** Resolves the mapping against the header and loads what every batch looks up. */
  private async setup(
    tx: Tx,
    actor: TenantActor,
    csv: CsvFile,
  ): Promise<{ plan: ColumnPlan; context: Omit<WriteContext, 'tx'> } | { problem: string }> {
    const object = CUSTOM_FIELD_OBJECTS[this.job.type];
    const definitions = object ? await customFieldsRepo.listDefinitions(tx, object) : [];
    const { plan, problems } = planColumns(
      IMPORT_FIELDS[this.job.type],
      definitions,
      this.job.mapping,
      csv.header.fields,
    );
    if (problems.length) return { problem: problems.map((p) => `${p.path}: ${p.message}`).join('; ') };
    const [settings] = await queryRows<{ base_currency: string }>(
      tx,
      sql`select coalesce((select base_currency from currency_settings), 'USD') as base_currency`,
    );
    await tx.execute(
      sql`update imports set encoding = ${csv.encoding}, delimiter = ${csv.delimiter} where id = ${this.job.id}`,
    );
    return {
      plan,
      context: {
        kind: this.deps.db.kind,
        services: this.deps,
        actor,
        organizationWide: importsForOrganization(actor),
        job: this.job,
        policy: this.job.duplicatePolicy,
        options: {
          ...this.job.options,
          defaultCurrency: this.job.options.defaultCurrency ?? settings!.base_currency,
        },
        plan,
        members: await loadMembers(tx, this.ids.tenantId),
        seen: new Map(),
      },
    };
  }

  private async readBatches(
    actor: TenantActor,
    csv: CsvFile,
    setup: { plan: ColumnPlan; context: Omit<WriteContext, 'tx'> },
    writer: ImportWriter,
  ): Promise<void> {
    let skip = this.job.rowsDone;
    let batchNumber = 0;
    for await (const records of csv.batches(this.deps.config.imports.batchRows)) {
      let batch: CsvRecord[] = records;
      if (skip > 0) {
        const skipped = Math.min(skip, batch.length);
        skip -= skipped;
        batch = batch.slice(skipped);
        if (!batch.length) continue;
      }
      const rows = batch.map((record) => prepareRow(record, setup.plan, setup.context.options));
      const cancelled = await inTenant(this.deps.db, actor, async (tx) => {
        if (await this.holdLease(tx)) return true;
        const outcome = await writer.write({ ...setup.context, tx }, rows);
        await this.commitBatch(tx, batch.length, csv.bytesRead(), outcome);
        await this.hooks.beforeCommit?.(batchNumber + 1);
        return false;
      });
      if (cancelled) return this.finish('cancelled', null);
      batchNumber++;
      await this.hooks.afterBatch?.(batchNumber);
    }
    await this.finish('completed', null);
  }

  /** Locks the import row and checks this run still holds it; true when a cancel was asked for. */
  private async holdLease(tx: Tx): Promise<boolean> {
    const [row] = await queryRows<{ runner_id: string | null; cancel_requested: boolean }>(
      tx,
      sql`select runner_id, cancel_requested from imports where id = ${this.job.id} for update`,
    );
    if (row?.runner_id !== this.runnerId) throw new LeaseLost();
    return row.cancel_requested;
  }

  private async commitBatch(tx: Tx, records: number, bytesRead: number, outcome: BatchOutcome) {
    const counts = this.counts;
    counts.read += records;
    counts.created += outcome.created;
    counts.updated += outcome.updated;
    counts.skipped += outcome.skipped;
    counts.failed += outcome.failed;
    await this.report(tx, outcome.report);
    const rowsDone = this.job.rowsDone + records;
    this.job.rowsDone = rowsDone;
    this.job.bytesRead = bytesRead;
    await tx.execute(
      sql`update imports set rows_done = ${rowsDone}, bytes_read = ${bytesRead}, counts = ${JSON.stringify(counts)}::jsonb,
                 heartbeat_at = now(), updated_at = now()
           where id = ${this.job.id}`,
    );
    if (Date.now() - this.lastEventAt >= PROGRESS_EVERY_MS) {
      this.lastEventAt = Date.now();
      await emitEvent(tx, this.ids.tenantId, {
        name: 'import.progress',
        stream: { type: 'import', id: this.job.id },
        payload: {
          importId: this.job.id,
          userId: this.job.createdBy,
          status: 'running',
          ...this.progress(),
          counts,
        },
      });
    }
  }

  /** Writes report lines, up to the cap; counts every one. */
  private async report(tx: Tx, lines: RowProblem[]): Promise<void> {
    const start = this.counts.errors;
    this.counts.errors += lines.length;
    const room = Math.max(0, MAX_REPORTED - start);
    const kept = lines.slice(0, room);
    if (!kept.length) return;
    await bulkInsert(
      tx,
      'import_errors',
      ERROR_COLUMNS,
      kept.map((line, index) => ({
        tenant_id: this.ids.tenantId,
        import_id: this.job.id,
        seq: start + index,
        line: line.line,
        column: line.column,
        value: line.value === null ? null : line.value.slice(0, 1000),
        message: line.message,
      })),
    );
  }

  private progress() {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rowsPerSecond = seconds > 0 ? (this.job.rowsDone - this.startedRows) / seconds : null;
    const fraction = this.job.fileSize > 0 ? this.job.bytesRead / this.job.fileSize : 1;
    return {
      rowsDone: this.job.rowsDone,
      percent: Math.min(100, Math.round(fraction * 1000) / 10),
      rowsPerSecond: rowsPerSecond === null ? null : Math.round(rowsPerSecond),
    };
  }

  /** Ends the import (if this run still holds it): status, audit entry, event, and the file removed. */
  async finish(status: 'completed' | 'failed' | 'cancelled', error: string | null, line = 0): Promise<void> {
    const message = error === null ? null : line > 0 ? `Line ${line}: ${error}` : error;
    const ended = await this.deps.db.transaction({ tenantId: this.ids.tenantId }, async (tx) => {
      const [row] = await queryRows<{
        created_by: string;
        counts: ImportCounts;
        rows_done: number;
        type: string;
        dry_run: boolean;
      }>(
        tx,
        sql`update imports set status = ${status}, error = ${message}, finished_at = now(), runner_id = null,
                   rows_total = case when ${status} = 'completed' then rows_done else rows_total end, updated_at = now()
             where id = ${this.ids.importId} and runner_id = ${this.runnerId}
            returning created_by, counts, rows_done, type, dry_run`,
      );
      if (!row) return false;
      if (error !== null && line > 0) {
        this.counts ??= { ...ZERO_COUNTS, ...row.counts };
        await this.report(tx, [{ line, column: null, value: null, message: error }]);
        await tx.execute(
          sql`update imports set counts = ${JSON.stringify(this.counts)}::jsonb where id = ${this.ids.importId}`,
        );
      }
      const summary = {
        type: row.type,
        status,
        dryRun: row.dry_run,
        rows: row.rows_done,
        ...(this.counts ?? row.counts),
      };
      await recordAudit(tx, this.ids.tenantId, {
        action: 'import.completed',
        entityType: 'import',
        entityId: this.ids.importId,
        after: { ...summary, error: message },
      });
      await emitEvent(tx, this.ids.tenantId, {
        name: 'import.completed',
        stream: { type: 'import', id: this.ids.importId },
        payload: { importId: this.ids.importId, userId: row.created_by, ...summary, error: message },
      });
      return true;
    });
    if (ended)
      await rm(importFilePath(this.deps.config.dataDir, this.ids.tenantId, this.ids.importId), {
        force: true,
      });
  }
}

class LeaseLost extends Error {}

/**
 * Takes over imports whose run died (a killed or crashed worker leaves its lease to go stale) and undos
 * that stopped: each gets a new job, and the run resumes after its last committed batch.
 */
export async function resumeStaleImports(deps: ImportRunDeps, leaseSeconds = LEASE_SECONDS): Promise<number> {
  const stale = await deps.db.transaction({ tenantId: null, system: 'schedules' }, (tx) =>
    repo.staleRuns(tx, leaseSeconds),
  );
  for (const job of stale) {
    const data = { tenantId: job.tenant_id, importId: job.id };
    await deps.queue.boss.send(job.status === 'undoing' ? QUEUES.undoImport : QUEUES.runImport, data, {
      singletonKey: `${job.status}:${job.id}`,
      singletonSeconds: leaseSeconds,
    });
  }
  return stale.length;
}

const PROGRESS_EVERY_MS = 500;

/** The records whose custom fields an import type can fill. */
export const CUSTOM_FIELD_OBJECTS: Partial<Record<ImportType, CustomFieldObject>> = {
  customers: 'customer',
  contacts: 'contact',
  opportunities: 'opportunity',
  interactions: 'interaction',
};

const ZERO_COUNTS: ImportCounts = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0, errors: 0 };

const ERROR_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['import_id', 'uuid'],
  ['seq', 'integer'],
  ['line', 'integer'],
  ['"column"', 'text'],
  ['value', 'text'],
  ['message', 'text'],
] as const;

const IMPORT_COLUMNS = sql.raw(`id, tenant_id as "tenantId", type, status, dry_run as "dryRun",
  duplicate_policy as "duplicatePolicy", mapping, options, file_size::float8 as "fileSize",
  bytes_read::float8 as "bytesRead", rows_done as "rowsDone", counts, created_by as "createdBy"`);
