/**
 * The export job (`exports.run`): reads the list a page at a time as its creator (the member as they are
 * now: a removal or demotion since takes effect), writes each page to the file, and after each page
 * records `rows_done` and emits `export.progress`; `export.completed` at the end. The schedule
 * (`exports.expire`) deletes files past their expiry.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { inTenant } from '../../core/context/unit-of-work.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { emitEvents, type DomainEvent } from '../../core/events/events.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { memberActor } from '../../core/identity/member-actor.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { Schedule } from '../../core/jobs/schedules.js';
import type { Logger } from '../../core/logger.js';
import type { WorkerDeps } from '../../core/module/module.js';
import { EXPORT_SOURCES } from './export-sources.js';
import { openWriter } from './export-writers.js';
import type { RunExportJob } from './exports.commands.js';
import * as repo from './exports.repo.js';
import type { Export } from './exports.tables.js';

const HOUR_MS = 60 * 60 * 1000;

interface JobDeps {
  db: Database;
  config: WorkerDeps['config'];
  logger: Logger;
}

function progressEvent(row: Export, name: DomainEvent['name'] = 'export.progress'): DomainEvent {
  return {
    name,
    stream: { type: 'export', id: row.id },
    payload: {
      exportId: row.id,
      userId: row.createdBy,
      rowsDone: row.rowsDone,
      rowsTotal: row.rowsTotal,
      status: row.status,
    },
  };
}

/** Where an export's file lives: `<dataDir>/exports/<tenant>/<id>.<format>`. */
export function exportFilePath(dataDir: string, row: Pick<Export, 'tenantId' | 'id' | 'format'>): string {
  return path.join(dataDir, 'exports', row.tenantId, `${row.id}.${row.format}`);
}

/** Claims the export and counts its rows when the list can; null when there is nothing to run. */
async function start(deps: JobDeps, job: RunExportJob): Promise<{ actor: TenantActor; row: Export } | null> {
  return deps.db.transaction({ tenantId: job.tenantId }, async (tx) => {
    const row = await repo.findExport(tx, undefined, job.exportId);
    // A finished export stays finished; a `running` one was cut short (a crash): it starts again.
    if (!row || !['queued', 'running'].includes(row.status)) return null;
    const actor = await memberActor(tx, job.tenantId, row.createdBy, 'system');
    if (actor) return { actor, row };
    await repo.updateExport(tx, row.id, {
      status: 'failed',
      error: 'Whoever started this export is no longer an active member',
      finishedAt: new Date(),
    });
    return null;
  });
}

async function countRows(deps: JobDeps, actor: TenantActor, row: Export): Promise<Export> {
  const source = EXPORT_SOURCES[row.resource];
  return inTenant(deps.db, actor, async (tx) => {
    const rowsTotal = source.count
      ? await source.count({ actor, tx, filters: row.filters as Record<string, string> })
      : null;
    const running = await repo.updateExport(tx, row.id, {
      status: 'running',
      startedAt: new Date(),
      rowsDone: 0,
      rowsTotal,
    });
    await emitEvents(tx, actor.tenantId, [progressEvent(running!)]);
    return running!;
  });
}

/** Reads the list page by page into the file; returns the export as it stands after the last page. */
async function writeRows(deps: JobDeps, actor: TenantActor, initial: Export, file: string): Promise<Export> {
  const source = EXPORT_SOURCES[initial.resource];
  const filters = initial.filters as Record<string, string>;
  const writer = openWriter(initial.format, file, {
    title: source.title,
    columns: initial.columns,
    filters,
    generatedAt: new Date(),
  });
  let row = initial;
  let cursor: string | undefined;
  try {
    do {
      const page = await inTenant(deps.db, actor, async (tx) => {
        const read = await source.page({ actor, tx, filters, limit: deps.config.exports.pageRows, cursor });
        const rowsDone = row.rowsDone + read.items.length;
        if (row.format === 'pdf' && rowsDone > deps.config.exports.pdfMaxRows) {
          throw new AppError('bad_request', {
            message: `A PDF report holds at most ${deps.config.exports.pdfMaxRows} rows; export this list as CSV or XLSX`,
          });
        }
        row = (await repo.updateExport(tx, row.id, { rowsDone }))!;
        await emitEvents(tx, actor.tenantId, [progressEvent(row)]);
        return read;
      });
      await writer.write(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  } finally {
    await writer.close();
  }
  return row;
}

async function finish(
  deps: JobDeps,
  actor: TenantActor,
  row: Export,
  changes: Parameters<typeof repo.updateExport>[2],
) {
  await inTenant(deps.db, actor, async (tx) => {
    const done = (await repo.updateExport(tx, row.id, {
      ...changes,
      finishedAt: new Date(),
      expiresAt: new Date(Date.now() + deps.config.exports.linkTtlHours * HOUR_MS),
    }))!;
    const events = [progressEvent(done)];
    if (done.status === 'completed') events.push(progressEvent(done, 'export.completed'));
    await emitEvents(tx, actor.tenantId, events);
  });
}

/** Runs one export to its end: completed with its file, or failed with the reason a person can read. */
export async function runExport(deps: JobDeps, job: RunExportJob): Promise<void> {
  const started = await start(deps, job);
  if (!started) return;
  const { actor } = started;
  const file = exportFilePath(deps.config.dataDir, started.row);
  const partial = `${file}.partial`;
  await mkdir(path.dirname(file), { recursive: true });
  let row = started.row;
  try {
    row = await countRows(deps, actor, row);
    row = await writeRows(deps, actor, row, partial);
    await rename(partial, file);
    const { size } = await stat(file);
    await finish(deps, actor, row, { status: 'completed', filePath: file, fileSize: size });
  } catch (error) {
    await rm(partial, { force: true });
    if (!(error instanceof AppError)) deps.logger.error({ err: error, exportId: row.id }, 'export failed');
    const reason =
      error instanceof AppError ? error.message : 'Something went wrong on our side. It was logged.';
    await finish(deps, actor, row, { status: 'failed', error: reason });
  }
}

/** The organizations with export files past their expiry (system scope: reads every tenant's exports). */
async function tenantsWithExpiredExports(db: Database, now: Date): Promise<string[]> {
  const rows = await db.transaction({ tenantId: null, system: 'schedules' }, (tx) =>
    queryRows<{ tenant_id: string }>(
      tx,
      sql`select distinct tenant_id from exports
        where status in ('completed', 'failed') and expires_at < ${now.toISOString()}::timestamptz`,
    ),
  );
  return rows.map((row) => row.tenant_id);
}

/** Deletes the files of exports past their expiry, organization by organization, each in its own scope. */
export async function expireExports(
  deps: { db: Database; logger?: Logger },
  now = new Date(),
): Promise<number> {
  let expired = 0;
  for (const tenantId of await tenantsWithExpiredExports(deps.db, now)) {
    expired += await deps.db.transaction({ tenantId }, async (tx) => {
      const rows = await repo.expiredExports(tx, now);
      for (const row of rows) {
        if (row.filePath) await rm(row.filePath, { force: true });
        await repo.updateExport(tx, row.id, { status: 'expired', filePath: null });
      }
      return rows.length;
    });
  }
  deps.logger?.info({ expired }, 'export files expired');
  return expired;
}

/** Every hour at :23 UTC, on the scheduler; the job runs on a worker. */
export const expireExportsSchedule: Schedule = {
  name: 'exports.expire',
  cron: '23 * * * *',
  queue: QUEUES.expireExports,
  data: {},
};

export async function registerExportWorkers(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<RunExportJob>(QUEUES.runExport, (job) => runExport(deps, job));
  await deps.queue.work(QUEUES.expireExports, async () => {
    await expireExports(deps);
  });
}
