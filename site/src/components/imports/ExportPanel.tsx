/**
 * Exports: a list (with the filters it shows) as CSV, Excel or PDF, made by a job whose progress shows
 * live, then a link to the file. `ExportButton` sits on list pages; `ExportPanel` exports any list.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../../lib/api';
import { onRealtime } from '../../lib/realtime';
import { can, session } from '../../lib/session';
import { Notice, useAsync } from '../ui';
import type { ExportJob } from './types';

type Resource = ExportJob['resource'];
type Format = ExportJob['format'];

const RESOURCES: [Resource, string][] = [
  ['customers', 'Customers'],
  ['contacts', 'Contacts'],
  ['opportunities', 'Opportunities'],
  ['interactions', 'Interactions'],
  ['tasks', 'Tasks'],
];
const FORMATS: [Format, string][] = [
  ['csv', 'CSV'],
  ['xlsx', 'Excel (XLSX)'],
  ['pdf', 'PDF'],
];

function ExportStatus({ initial }: { initial: ExportJob }) {
  const [job, setJob] = useState(initial);
  useEffect(() => {
    if (job.status !== 'queued' && job.status !== 'running') return;
    const refresh = () =>
      void unwrap(api.GET('/api/v1/exports/{id}', { params: { path: { id: job.id } } })).then(
        setJob,
        () => undefined,
      );
    const stops = ['export.progress', 'export.completed'].map((name) =>
      onRealtime(name, (message) => {
        if (message.data.exportId === job.id) refresh();
      }),
    );
    const poll = setInterval(refresh, 2000);
    return () => {
      stops.forEach((stop) => stop());
      clearInterval(poll);
    };
  }, [job.status]);
  const percent =
    job.status === 'completed'
      ? 100
      : job.rowsTotal
        ? Math.min(99, Math.round((100 * job.rowsDone) / job.rowsTotal))
        : null;
  const label = `${job.resource} as ${job.format.toUpperCase()}`;
  return (
    <div class="export-job" data-status={job.status}>
      <div
        class="progress"
        role="progressbar"
        aria-label={`Export of ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null && { 'aria-valuenow': percent })}
      >
        <span style={{ width: `${percent ?? (job.status === 'running' ? 50 : 5)}%` }} />
      </div>
      <p class="muted" aria-live="polite">
        {label}: {job.status} · {job.rowsDone.toLocaleString()}
        {job.rowsTotal !== null ? ` of ${job.rowsTotal.toLocaleString()}` : ''} rows
      </p>
      {job.error && <Notice kind="bad">{job.error}</Notice>}
      {job.downloadUrl && (
        <a class="button primary" href={job.downloadUrl} download>
          Download {label}
        </a>
      )}
    </div>
  );
}

async function startExport(
  resource: Resource,
  format: Format,
  filters: Record<string, string>,
): Promise<ExportJob> {
  return unwrap(api.POST('/api/v1/exports', { body: { resource, format, filters } }));
}

export const EXPORT_PERMISSIONS = ['org.export_data', 'team.generate_reports'];

/** Whether the signed-in person may export lists (false until their session is read). */
export function useCanExport(): boolean {
  const me = useAsync(session);
  return me.data !== undefined && can(me.data, ...EXPORT_PERMISSIONS);
}

/** A list's query as export filters: the parameters that have a value, as text. */
export function definedOnly(query: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]));
}

export function isExportResource(value: string): value is Resource {
  return RESOURCES.some(([resource]) => resource === value);
}

/** Exports the list a page shows, with its filters. */
export function ExportButton({
  resource,
  filters = {},
}: {
  resource: Resource;
  filters?: Record<string, string>;
}) {
  const [format, setFormat] = useState<Format>('csv');
  const [job, setJob] = useState<ExportJob>();
  const [failure, setFailure] = useState('');
  const go = async () => {
    try {
      setJob(await startExport(resource, format, filters));
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <div class="export-button">
      <label class="visually-hidden" for={`export-format-${resource}`}>
        Export format
      </label>
      <select
        id={`export-format-${resource}`}
        value={format}
        onChange={(event) => setFormat(event.currentTarget.value as Format)}
      >
        {FORMATS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>{' '}
      <button type="button" onClick={() => void go()}>
        Export
      </button>
      {failure && <Notice kind="bad">{failure}</Notice>}
      {job && <ExportStatus key={job.id} initial={job} />}
    </div>
  );
}

export function ExportPanel() {
  const [jobs, setJobs] = useState<ExportJob[]>([]);
  const [failure, setFailure] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const job = await startExport(form.get('resource') as Resource, form.get('format') as Format, {});
      setJobs([job, ...jobs]);
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <form class="card" aria-labelledby="export-title" onSubmit={(event) => void submit(event)}>
      <h2 id="export-title">Export a list</h2>
      <p class="muted">
        Everything you may see in the list; filter a list on its own page to export part of it.
      </p>
      <div class="filters">
        <div class="field">
          <label for="export-resource">List</label>
          <select id="export-resource" name="resource">
            {RESOURCES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="export-format">Format</label>
          <select id="export-format" name="format">
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button class="primary" type="submit">
          Export
        </button>
      </div>
      {failure && <Notice kind="bad">{failure}</Notice>}
      {jobs.map((job) => (
        <ExportStatus key={job.id} initial={job} />
      ))}
    </form>
  );
}
