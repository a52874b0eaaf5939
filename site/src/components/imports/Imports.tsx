/**
 * Imports and exports. An import: drop a file (or choose it), check the columns Closer suggests for
 * each field (or pick a saved mapping, or save this one), try it as a dry run, then run it, watching
 * rows per second and time left; download the error report; cancel or undo. Exports of any list, in
 * CSV, Excel or PDF, with their progress.
 */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../../lib/api';
import { formText } from '../../lib/format';
import { can } from '../../lib/session';
import { Allowed, Loaded, Notice, useAsync } from '../ui';
import { EXPORT_PERMISSIONS, ExportPanel } from './ExportPanel';
import { ImportProgress } from './ImportProgress';
import { IMPORT_TYPES, type ImportJob, type ImportType, type Preview } from './types';

const multipart = { bodySerializer: (value: unknown) => value as FormData };

function DropZone({ onFile }: { onFile: (file: File) => void }) {
  const [over, setOver] = useState(false);
  return (
    <div
      class={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer?.files[0];
        if (file) onFile(file);
      }}
    >
      <p>Drop a CSV file here, or</p>
      <label class="button" for="import-file">
        Choose a file
      </label>
      <input
        id="import-file"
        class="visually-hidden"
        type="file"
        accept=".csv,text/csv,.txt"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) onFile(file);
        }}
      />
    </div>
  );
}

function MappingForm({
  file,
  type,
  preview,
  onStarted,
}: {
  file: File;
  type: ImportType;
  preview: Preview;
  onStarted: (job: ImportJob) => void;
}) {
  const [mapping, setMapping] = useState<Record<string, string>>(preview.suggestedMapping);
  const [failure, setFailure] = useState('');
  const [saved, setSaved] = useState('');
  const mappings = useAsync(
    () => unwrap(api.GET('/api/v1/import-mappings', { params: { query: { type } } })),
    [type],
  );
  const sample = (header: string) => {
    const index = preview.headers.indexOf(header);
    return preview.sampleRows.map((row) => row.values[index] ?? '').find((value) => value) ?? '';
  };
  const mapped = new Set(Object.values(mapping));
  const start = async (form: HTMLFormElement, dryRun: boolean) => {
    const fields = new FormData(form);
    const body = new FormData();
    body.set('file', file);
    body.set('type', type);
    body.set(
      'mapping',
      JSON.stringify(Object.fromEntries(Object.entries(mapping).filter(([, header]) => header))),
    );
    body.set('dryRun', String(dryRun));
    for (const name of ['duplicatePolicy', 'dateOrder', 'decimalSeparator', 'defaultCurrency', 'pipeline']) {
      const value = formText(fields, name);
      if (value) body.set(name, value);
    }
    try {
      onStarted(await unwrap(api.POST('/api/v1/imports', { body: body as never, ...multipart })));
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  const save = async (form: HTMLFormElement) => {
    const name = formText(new FormData(form), 'mappingName');
    if (!name) return setSaved('Name the mapping to save it.');
    try {
      await unwrap(api.POST('/api/v1/import-mappings', { body: { name, type, mapping } }));
      setSaved(`Saved as “${name}”.`);
      mappings.reload();
    } catch (error) {
      setSaved(messageOf(error));
    }
  };
  return (
    <form
      class="card"
      aria-labelledby="mapping-title"
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
        void start(event.currentTarget, submitter?.value === 'dry-run');
      }}
    >
      <h2 id="mapping-title">Match the columns of {file.name}</h2>
      <p class="muted">
        {preview.headers.length} columns, {preview.encoding}, separated by “{preview.delimiter}”
        {preview.preset && `; looks like a ${preview.preset} export, so its column names were used`}.
      </p>
      <Loaded state={mappings}>
        {({ items }) =>
          items.length > 0 ? (
            <div class="field">
              <label for="saved-mapping">Use a saved mapping</label>
              <select
                id="saved-mapping"
                onChange={(event) => {
                  const chosen = items.find((item) => item.id === event.currentTarget.value);
                  if (chosen) setMapping(chosen.mapping);
                }}
              >
                <option value="">The suggested one</option>
                {items.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null
        }
      </Loaded>
      <div class="table-wrap">
        <table class="mapping">
          <thead>
            <tr>
              <th scope="col">Closer field</th>
              <th scope="col">Column of the file</th>
              <th scope="col">First value</th>
            </tr>
          </thead>
          <tbody>
            {preview.fields.map((field) => {
              const header = mapping[field.name] ?? '';
              return (
                <tr key={field.name} data-field={field.name}>
                  <th scope="row">
                    <label for={`map-${field.name}`}>
                      {field.label}
                      {field.required && <span aria-hidden="true"> *</span>}
                    </label>
                    {field.required && <span class="visually-hidden"> (required)</span>}
                  </th>
                  <td>
                    <select
                      id={`map-${field.name}`}
                      value={header}
                      onChange={(event) =>
                        setMapping({ ...mapping, [field.name]: event.currentTarget.value })
                      }
                    >
                      <option value="">Not imported</option>
                      {preview.headers.map((candidate) => (
                        <option key={candidate} value={candidate}>
                          {candidate}
                          {preview.suggestedMapping[field.name] === candidate ? ' (suggested)' : ''}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td class="muted">{header ? sample(header) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {preview.headers.some((header) => !mapped.has(header)) && (
        <p class="muted">
          Not imported: {preview.headers.filter((header) => !mapped.has(header)).join(', ')}.
        </p>
      )}
      <details>
        <summary>Options</summary>
        <div class="filters">
          <div class="field">
            <label for="import-duplicates">A row matching an existing record</label>
            <select id="import-duplicates" name="duplicatePolicy">
              <option value="skip">Skip it</option>
              <option value="update">Update the record</option>
              <option value="create">Create another</option>
            </select>
          </div>
          <div class="field">
            <label for="import-dates">Dates like 03/04/2025 are</label>
            <select id="import-dates" name="dateOrder">
              <option value="">Guess from the file</option>
              <option value="mdy">Month first</option>
              <option value="dmy">Day first</option>
              <option value="ymd">Year first</option>
            </select>
          </div>
          <div class="field">
            <label for="import-decimal">Decimal mark</label>
            <select id="import-decimal" name="decimalSeparator">
              <option value="">Guess from the file</option>
              <option value=".">1,234.56</option>
              <option value=",">1.234,56</option>
            </select>
          </div>
          <div class="field">
            <label for="import-currency">Currency of amounts without one</label>
            <input id="import-currency" name="defaultCurrency" placeholder="USD" maxLength={3} />
          </div>
          {type === 'opportunities' && (
            <div class="field">
              <label for="import-pipeline">Pipeline of deals without one</label>
              <input id="import-pipeline" name="pipeline" />
            </div>
          )}
        </div>
      </details>
      <div class="filters" style={{ marginTop: '0.75rem' }}>
        <div class="field">
          <label for="mapping-name">Save this mapping as</label>
          <input id="mapping-name" name="mappingName" placeholder="Salesforce accounts" />
        </div>
        <button type="button" onClick={(event) => void save(event.currentTarget.form!)}>
          Save mapping
        </button>
        <span role="status" class="muted">
          {saved}
        </span>
      </div>
      {failure && <Notice kind="bad">{failure}</Notice>}
      <div class="actions-row">
        <button type="submit" value="dry-run">
          Dry run (check every row, write nothing)
        </button>
        <button type="submit" class="primary" value="run">
          Import
        </button>
      </div>
    </form>
  );
}

function NewImport({ onStarted }: { onStarted: (job: ImportJob) => void }) {
  const [type, setType] = useState<ImportType>('customers');
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<Preview>();
  const [failure, setFailure] = useState('');
  const read = async (chosen: File, kind = type) => {
    setFile(chosen);
    setPreview(undefined);
    const body = new FormData();
    body.set('file', chosen);
    body.set('type', kind);
    try {
      setPreview(await unwrap(api.POST('/api/v1/imports/preview', { body: body as never, ...multipart })));
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  };
  return (
    <div class="stack">
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Import a file</h2>
        <div class="filters">
          <div class="field">
            <label for="import-type">Records to import</label>
            <select
              id="import-type"
              value={type}
              onChange={(event) => {
                const kind = event.currentTarget.value as ImportType;
                setType(kind);
                if (file) void read(file, kind);
              }}
            >
              {IMPORT_TYPES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <DropZone onFile={(chosen) => void read(chosen)} />
        {file && !preview && !failure && <p role="status">Reading {file.name}…</p>}
        {failure && <Notice kind="bad">{failure}</Notice>}
      </section>
      {file && preview && (
        <MappingForm
          key={`${file.name}:${type}`}
          file={file}
          type={type}
          preview={preview}
          onStarted={onStarted}
        />
      )}
    </div>
  );
}

function History({ started }: { started: ImportJob[] }) {
  const state = useAsync(() => unwrap(api.GET('/api/v1/imports', { params: { query: { limit: 10 } } })), []);
  return (
    <section aria-labelledby="history-title" class="stack">
      <h2 id="history-title">Imports</h2>
      {started.map((job) => (
        <ImportProgress key={job.id} initial={job} />
      ))}
      <Loaded state={state}>
        {({ items }) => {
          const earlier = items.filter((item) => !started.some((job) => job.id === item.id));
          return earlier.length === 0 && started.length === 0 ? (
            <p class="muted">No import yet.</p>
          ) : (
            <>
              {earlier.map((job) => (
                <ImportProgress key={job.id} initial={job} />
              ))}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export default function Imports() {
  const [started, setStarted] = useState<ImportJob[]>([]);
  return (
    <Allowed
      needs={['org.import_data', 'data.import_customers', 'org.export_data', 'team.generate_reports']}
      what="Imports and exports"
    >
      {(me) => (
        <div class="stack">
          {can(me, 'org.import_data', 'data.import_customers') && (
            <>
              <NewImport onStarted={(job) => setStarted([job, ...started])} />
              <History started={started} />
            </>
          )}
          {can(me, ...EXPORT_PERMISSIONS) && <ExportPanel />}
        </div>
      )}
    </Allowed>
  );
}
