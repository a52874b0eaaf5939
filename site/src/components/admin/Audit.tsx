/**
 * The organization's audit log: who did what to which record, from where and when, filtered by actor,
 * action, record, channel and date (kept in the address), each entry with its before/after diff.
 */
import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../../lib/api';
import { formText, dateTime } from '../../lib/format';
import { Allowed, Loaded, useAsync } from '../ui';

type Entry = Schemas['AuditEntry'];
const VIAS = ['web', 'api', 'slack', 'teams', 'import', 'workflow', 'system'] as const;
type Via = (typeof VIAS)[number];

interface AuditFilters {
  actor?: string;
  action?: string;
  entity?: string;
  via?: Via;
  from?: string;
  to?: string;
}
const KEYS = ['actor', 'action', 'entity', 'via', 'from', 'to'] as const;

function readFilters(): AuditFilters {
  const params = new URLSearchParams(location.search);
  const filters: AuditFilters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) (filters as Record<string, string>)[key] = value;
  }
  return filters;
}

/** A day's start (from) or the next day's start (to) as an instant, in the browser's time zone. */
const instant = (day: string | undefined, end = false) => {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
};

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields an entry changed, with their values before and after (unchanged ones left out). */
export function diffOf(
  entry: Pick<Entry, 'before' | 'after'>,
): { field: string; before: string; after: string }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }))
    .filter((row) => row.before !== row.after);
}

function Diff({ entry }: { entry: Entry }) {
  const rows = diffOf(entry);
  if (!rows.length) return <p class="muted">No field values recorded.</p>;
  return (
    <table class="diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field}>
            <th scope="row">{row.field}</th>
            <td class="before">{row.before || <span class="muted">—</span>}</td>
            <td class="after">{row.after || <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Log({ filters, names }: { filters: AuditFilters; names: Map<string, string> }) {
  const [pages, setPages] = useState<Entry[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = (after?: string) =>
    unwrap(
      api.GET('/api/v1/audit-logs', {
        params: {
          query: {
            ...filters,
            from: instant(filters.from),
            to: instant(filters.to, true),
            limit: 50,
            ...(after && { cursor: after }),
          },
        },
      }),
    );
  const first = useAsync(async () => {
    const page = await load();
    setPages([page.items]);
    setCursor(page.nextCursor);
    return page;
  }, [JSON.stringify(filters)]);
  const more = async () => {
    if (!cursor) return;
    const page = await load(cursor);
    setPages([...pages, page.items]);
    setCursor(page.nextCursor);
  };
  const entries = pages.flat();
  return (
    <Loaded state={first}>
      {() => (
        <section class="card" aria-labelledby="log-title">
          <h2 id="log-title">Entries</h2>
          <p class="muted" role="status">
            {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
            {cursor ? ' so far' : ''}, newest first.
          </p>
          <ol class="list-plain audit-list">
            {entries.map((entry) => (
              <li key={entry.id} data-action={entry.action}>
                <details>
                  <summary>
                    <strong>{entry.action}</strong> {entry.entityType}
                    {entry.entityId && <code> {entry.entityId.slice(0, 8)}</code>} by{' '}
                    {entry.actorId ? (names.get(entry.actorId) ?? 'someone no longer here') : 'the system'}{' '}
                    via {entry.via} <span class="muted">· {dateTime(entry.createdAt)}</span>
                  </summary>
                  <Diff entry={entry} />
                  <p class="muted">
                    Record {entry.entityType}
                    {entry.entityId ? `:${entry.entityId}` : ''}
                    {entry.ip && ` · from ${entry.ip}`}
                    {entry.requestId && ` · request ${entry.requestId}`}
                  </p>
                </details>
              </li>
            ))}
          </ol>
          {cursor && (
            <button type="button" onClick={() => void more()}>
              Show older entries
            </button>
          )}
        </section>
      )}
    </Loaded>
  );
}

export default function Audit() {
  const [filters, setFilters] = useState(readFilters);
  const users = useAsync(() => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })));
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: AuditFilters = {};
    const params = new URLSearchParams();
    for (const key of KEYS) {
      const value = formText(form, key);
      if (!value) continue;
      (next as Record<string, string>)[key] = value;
      params.set(key, value);
    }
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    setFilters(next);
  };
  const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.name]));
  return (
    <Allowed needs={['org.view_audit_logs']} what="The audit log">
      {() => (
        <>
          <form class="filters card" aria-label="Filter the log" onSubmit={apply}>
            <div>
              <label for="audit-actor">Who</label>
              <select id="audit-actor" name="actor" value={filters.actor ?? ''}>
                <option value="">Anyone</option>
                {[...names].map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="audit-action">Action</label>
              <input
                id="audit-action"
                name="action"
                placeholder="role.updated"
                value={filters.action ?? ''}
              />
            </div>
            <div>
              <label for="audit-entity">Record</label>
              <input
                id="audit-entity"
                name="entity"
                placeholder="role or role:<id>"
                value={filters.entity ?? ''}
              />
            </div>
            <div>
              <label for="audit-via">Via</label>
              <select id="audit-via" name="via" value={filters.via ?? ''}>
                <option value="">Any channel</option>
                {VIAS.map((via) => (
                  <option key={via} value={via}>
                    {via}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="audit-from">From</label>
              <input id="audit-from" type="date" name="from" value={filters.from ?? ''} />
            </div>
            <div>
              <label for="audit-to">Until (included)</label>
              <input id="audit-to" type="date" name="to" value={filters.to ?? ''} />
            </div>
            <button class="primary" type="submit">
              Filter
            </button>
          </form>
          <Log filters={filters} names={names} />
        </>
      )}
    </Allowed>
  );
}
