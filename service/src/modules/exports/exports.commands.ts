import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import { EXPORT_SOURCES } from './export-sources.js';
import { linkKey, signLink, verifyLink } from './export-link.js';
import { EXPORT_PERMISSIONS, visibleWhere } from './exports.policy.js';
import * as repo from './exports.repo.js';
import type { CreateExportInput } from './exports.schema.js';
import type { Export } from './exports.tables.js';

type Command = CommandInput;

/** The job's input: which export of which organization. */
export interface RunExportJob {
  tenantId: string;
  exportId: string;
}

/**
 * Starts an export: checks the caller may read that list at all (its own permission, through its own
 * command), keeps the request and enqueues the job in the same transaction.
 */
export async function createExport({
  actor,
  tx,
  services,
  resource,
  format,
  filters = {},
  columns,
}: Command & { services: Pick<Services, 'queue'> } & CreateExportInput): Promise<Export> {
  assertAllowed(actor, EXPORT_PERMISSIONS, 'create');
  const source = EXPORT_SOURCES[resource];
  await source.page({ actor, tx, filters, limit: 1, cursor: undefined });
  const row = await repo.insertExport(tx, {
    tenantId: actor.tenantId,
    resource,
    format,
    filters,
    columns: [...(columns ?? source.defaultColumns)],
    createdBy: actor.userId,
  });
  await services.queue.sendInTransaction(tx, QUEUES.runExport, {
    tenantId: actor.tenantId,
    exportId: row.id,
  } satisfies RunExportJob);
  await recordAudit(tx, actor.tenantId, {
    action: 'export.created',
    entityType: 'export',
    entityId: row.id,
    after: { resource, format, filters, columns: row.columns },
  });
  return row;
}

/** The caller's own exports, newest first. */
export async function listExports({
  actor,
  tx,
  limit,
  cursor,
}: Command & { limit: number; cursor?: string | undefined }) {
  assertAllowed(actor, EXPORT_PERMISSIONS, 'list');
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  const rows = await repo.listExports(tx, { visible: visibleWhere(actor), limit, after });
  return pageFrom(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}

/** One of the caller's exports; anyone else's is a 404. */
export async function getExport({ actor, tx, exportId }: Command & { exportId: string }): Promise<Export> {
  assertAllowed(actor, EXPORT_PERMISSIONS, 'read');
  const row = await repo.findExport(tx, visibleWhere(actor), exportId);
  if (!row) throw AppError.notFound('Export');
  return row;
}

/** The signed link of a completed export (null before, or once its file is gone). */
export async function downloadUrlOf(config: Services['config'], row: Export): Promise<string | null> {
  if (row.status !== 'completed' || !row.expiresAt) return null;
  const token = signLink(await linkKey(config), {
    tenantId: row.tenantId,
    exportId: row.id,
    expiresAt: row.expiresAt,
  });
  return `${config.publicUrl}/api/v1/exports/${row.id}/file?token=${encodeURIComponent(token)}`;
}

/** The file, opened (a missing one fails here, before the response starts). */
async function openFile(row: Export): Promise<{ row: Export; content: Readable }> {
  if (row.status === 'expired' || (row.expiresAt && row.expiresAt <= new Date())) throw new ExportGone();
  if (row.status !== 'completed' || !row.filePath) {
    throw new AppError('conflict', {
      message:
        row.status === 'failed'
          ? `This export failed: ${row.error ?? 'see its error'}`
          : 'This export is not finished yet; its progress is at GET /api/v1/exports/:id',
    });
  }
  if (!(await stat(row.filePath).catch(() => undefined))) throw new ExportGone();
  return { row, content: createReadStream(row.filePath) };
}

/** The file of one of the caller's exports (their session or API key). */
export async function openDownload(input: Command & { exportId: string }) {
  assertAllowed(input.actor, EXPORT_PERMISSIONS, 'download');
  return openFile(await getExport(input));
}

/** Thrown when a link, or the file it points at, has expired: a 410. */
export class ExportGone extends Error {
  constructor() {
    super('export link expired');
  }
}

/**
 * The file behind a signed link: no session, the token names the organization and proves the link was
 * ours, for this export, until its expiry. A bad token is a 404 (as a missing export); an expired one 410.
 */
export async function openLinkDownload(input: {
  db: Database;
  config: Services['config'];
  exportId: string;
  token: string;
}) {
  const check = verifyLink(await linkKey(input.config), input.exportId, input.token);
  if (!check.ok && check.reason === 'expired') throw new ExportGone();
  if (!check.ok) throw AppError.notFound('Export');
  const { row, tenant } = await input.db.transaction(
    { tenantId: check.tenantId },
    async (tx) => ({
      row: await repo.findExport(tx, undefined, input.exportId),
      tenant: await repo.tenantStatus(tx, check.tenantId),
    }),
    { readOnly: true },
  );
  // A suspended organization's data is not served, whoever holds a link to it.
  if (tenant === 'suspended')
    throw new AppError('tenant_suspended', { message: 'This organization is suspended' });
  if (!row) throw AppError.notFound('Export');
  return openFile(row);
}
