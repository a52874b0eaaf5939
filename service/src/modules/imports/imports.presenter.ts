import type { Import, ImportMapping } from './imports.tables.js';

const ZERO = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0, errors: 0 };

/** Rows per second and time left, from the rows and bytes done since the run started. */
function progressOf(job: Import) {
  const fraction = job.fileSize > 0 ? Math.min(1, job.bytesRead / job.fileSize) : 1;
  const finished = job.finishedAt !== null;
  const seconds = job.startedAt
    ? ((job.finishedAt ?? new Date()).getTime() - job.startedAt.getTime()) / 1000
    : 0;
  const rowsPerSecond = seconds > 0 && job.rowsDone > 0 ? Math.round(job.rowsDone / seconds) : null;
  const secondsLeft =
    !finished && fraction > 0 && seconds > 0
      ? Math.max(0, Math.round((seconds / fraction) * (1 - fraction)))
      : null;
  return {
    percent: job.status === 'completed' ? 100 : Math.round(fraction * 1000) / 10,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    rowsPerSecond,
    secondsLeft: finished ? 0 : secondsLeft,
  };
}

export function presentImport(job: Import) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    dryRun: job.dryRun,
    duplicatePolicy: job.duplicatePolicy,
    mapping: job.mapping,
    options: job.options,
    fileName: job.fileName,
    fileSize: job.fileSize,
    encoding: job.encoding,
    delimiter: job.delimiter,
    progress: progressOf(job),
    counts: { ...ZERO, ...job.counts },
    error: job.error,
    cancelRequested: job.cancelRequested,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    undoneAt: job.undoneAt?.toISOString() ?? null,
    errorsUrl: `/api/v1/imports/${job.id}/errors.csv`,
  };
}

export function presentMapping(mapping: ImportMapping) {
  return {
    id: mapping.id,
    name: mapping.name,
    type: mapping.type,
    mapping: mapping.mapping,
    options: mapping.options,
    createdBy: mapping.createdBy,
    createdAt: mapping.createdAt.toISOString(),
  };
}
