import type { Export } from './exports.tables.js';

/** `downloadUrl` is the signed link (no session needed) while the file lives; null otherwise. */
export function presentExport(row: Export, downloadUrl: string | null) {
  return {
    id: row.id,
    resource: row.resource,
    format: row.format,
    status: row.status,
    filters: row.filters,
    columns: row.columns,
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    fileSize: row.fileSize,
    error: row.error,
    downloadUrl: row.status === 'completed' ? downloadUrl : null,
    expiresAt: row.status === 'completed' ? (row.expiresAt?.toISOString() ?? null) : null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type ExportView = ReturnType<typeof presentExport>;

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** `customers-2026-12-02.csv`: only the resource, a date and the extension, so always a safe name. */
export function downloadFileName(row: Export): string {
  return `${row.resource}-${row.createdAt.toISOString().slice(0, 10)}.${row.format}`;
}

export function downloadHeaders(row: Export): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[row.format],
    ...(row.fileSize !== null && { 'Content-Length': String(row.fileSize) }),
    'Content-Disposition': `attachment; filename="${downloadFileName(row)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}
