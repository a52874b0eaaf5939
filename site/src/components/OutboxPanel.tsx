/**
 * Edits made offline: how many wait to be sent, and those the server did not take as they were: a
 * conflict (someone changed the record first) shows my value beside the server's, field by field, to
 * keep either; a refusal shows the server's reason and can be given up.
 */
import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../lib/api';
import {
  discard,
  keepMine,
  onOutboxChange,
  outboxEntries,
  startOutbox,
  type OutboxEntry,
} from '../lib/outbox';

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.map((item) => JSON.stringify(item)).join(', ') || '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Conflict({ entry, onError }: { entry: OutboxEntry; onError: (message: string) => void }) {
  const fields = Object.keys(entry.patch);
  const link = `/${entry.kind}?id=${entry.recordId}`;
  return (
    <div class="card conflict" role="group" aria-label={`Conflict on ${entry.label}`}>
      <p>
        <strong>
          <a href={link}>{entry.label}</a>
        </strong>{' '}
        was changed by someone else while you were offline. Choose which to keep.
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Your change</th>
              <th scope="col">Now on the server</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field}>
                <th scope="row">{field}</th>
                <td>{shown(entry.patch[field])}</td>
                <td>{shown(entry.server?.[field])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button
          class="primary"
          type="button"
          onClick={() => void keepMine(entry).catch((error: unknown) => onError(messageOf(error)))}
        >
          Keep mine
        </button>
        <button type="button" onClick={() => void discard(entry)}>
          Keep theirs
        </button>
      </div>
    </div>
  );
}

export default function OutboxPanel() {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const load = () => void outboxEntries().then(setEntries);
    load();
    startOutbox();
    return onOutboxChange(load);
  }, []);
  const waiting = entries.filter((entry) => entry.state === 'queued');
  const conflicts = entries.filter((entry) => entry.state === 'conflict');
  const failed = entries.filter((entry) => entry.state === 'failed');
  if (entries.length === 0) return null;
  return (
    <section class="outbox" aria-label="Changes made offline">
      {waiting.length > 0 && (
        <p class="notice" role="status">
          <span class="badge accent">{waiting.length}</span>{' '}
          {waiting.length === 1 ? 'change waits' : 'changes wait'} to be sent:{' '}
          {waiting.map((entry) => entry.label).join(', ')}.
        </p>
      )}
      {error && (
        <p class="notice bad" role="alert">
          {error}
        </p>
      )}
      {conflicts.map((entry) => (
        <Conflict key={entry.id} entry={entry} onError={setError} />
      ))}
      {failed.map((entry) => (
        <div class="notice bad" role="alert" key={entry.id}>
          Your change to <a href={`/${entry.kind}?id=${entry.recordId}`}>{entry.label}</a> was refused:{' '}
          {entry.error}{' '}
          <button type="button" onClick={() => void discard(entry)}>
            Discard it
          </button>
        </div>
      ))}
    </section>
  );
}
