/**
 * One import as it runs: a progress bar with rows per second and time left, live from `/ws` (and a poll
 * every two seconds, in case the socket is down), then its counts, the error report to download, and
 * cancel or undo.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../../lib/api';
import { relative } from '../../lib/format';
import { onRealtime } from '../../lib/realtime';
import { Notice } from '../ui';
import type { ImportJob } from './types';

const FINISHED = new Set(['completed', 'failed', 'cancelled', 'undone']);
const UNDOABLE = new Set(['completed', 'cancelled']);

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function ImportProgress({
  initial,
  onChange,
}: {
  initial: ImportJob;
  onChange?: (job: ImportJob) => void;
}) {
  const [job, setJob] = useState(initial);
  const [problem, setProblem] = useState('');
  const refresh = async () => {
    const next = await unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id: initial.id } } }));
    setJob(next);
    onChange?.(next);
  };
  useEffect(() => {
    if (FINISHED.has(job.status)) return;
    const mine = (message: { data: Record<string, unknown> }) => message.data.importId === initial.id;
    const stops = ['import.progress', 'import.completed', 'import.undone'].map((name) =>
      onRealtime(name, (message) => {
        if (mine(message)) void refresh().catch(() => undefined);
      }),
    );
    const poll = setInterval(() => void refresh().catch(() => undefined), 2000);
    return () => {
      stops.forEach((stop) => stop());
      clearInterval(poll);
    };
  }, [job.status]);

  const act = async (action: 'cancel' | 'undo') => {
    try {
      const path = action === 'cancel' ? '/api/v1/imports/{id}/cancel' : '/api/v1/imports/{id}/undo';
      setJob(await unwrap(api.POST(path, { params: { path: { id: job.id } } })));
      setProblem('');
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const percent = Math.round(job.status === 'completed' ? 100 : job.progress.percent);
  const { counts } = job;
  return (
    <section class="card import-job" aria-labelledby={`import-${job.id}`} data-status={job.status}>
      <h3 id={`import-${job.id}`}>
        {job.dryRun ? 'Dry run of ' : ''}
        {job.fileName} <span class="badge">{job.status}</span>
      </h3>
      <div
        class="progress"
        role="progressbar"
        aria-label={`Import of ${job.fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p class="muted" aria-live="polite" data-testid="import-progress">
        {percent}% · {job.progress.rowsDone.toLocaleString()}
        {job.progress.rowsTotal !== null ? ` of ${job.progress.rowsTotal.toLocaleString()}` : ''} rows
        {job.progress.rowsPerSecond !== null &&
          ` · ${Math.round(job.progress.rowsPerSecond).toLocaleString()} rows/s`}
        {!FINISHED.has(job.status) &&
          job.progress.secondsLeft !== null &&
          ` · about ${duration(job.progress.secondsLeft)} left`}
      </p>
      <p data-testid="import-counts">
        {counts.read} read · {counts.created} {job.dryRun ? 'would be created' : 'created'} · {counts.updated}{' '}
        updated · {counts.skipped} skipped · {counts.failed} failed
      </p>
      {job.error && <Notice kind="bad">{job.error}</Notice>}
      {problem && <Notice kind="bad">{problem}</Notice>}
      <div class="actions-row">
        {counts.errors > 0 && (
          <a class="button" href={job.errorsUrl} download>
            Download the error report ({counts.errors} {counts.errors === 1 ? 'line' : 'lines'})
          </a>
        )}
        {(job.status === 'queued' || job.status === 'running') && !job.cancelRequested && (
          <button type="button" class="danger" onClick={() => void act('cancel')}>
            Cancel
          </button>
        )}
        {UNDOABLE.has(job.status) && !job.dryRun && counts.created + counts.updated > 0 && (
          <button type="button" onClick={() => void act('undo')}>
            Undo this import
          </button>
        )}
        {job.finishedAt && <span class="muted">Finished {relative(job.finishedAt)}</span>}
      </div>
    </section>
  );
}
