/** Pieces of a record's page: its timeline, documents, and short lists of what hangs off it. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import { dateTime, relative } from '../../lib/format';
import { Loaded, Notice, useAsync } from '../ui';

type ParentType = Schemas['Document']['parentType'];

/** A titled card with a list, its empty text, and how each item shows. */
export function ListCard<T extends { id: string }>({
  title,
  load,
  empty,
  render,
}: {
  title: string;
  load: () => Promise<{ items: T[] }>;
  empty: string;
  render: (item: T) => ComponentChildren;
}) {
  const state = useAsync(load);
  const id = `card-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">{empty}</p>
          ) : (
            <ul class="list-plain">
              {page.items.map((item) => (
                <li key={item.id}>{render(item)}</li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

const TIMELINE_LINKS: Record<string, (refs: Schemas['TimelineItem']['refs']) => string | undefined> = {
  stage_change: (refs) => refs.opportunityId && `/opportunity?id=${refs.opportunityId}`,
  task: (refs) => refs.taskId && `/task?id=${refs.taskId}`,
  document: (refs) => refs.documentId && `/api/v1/documents/${refs.documentId}/content`,
};

/** The customer 360: interactions, notes, stage changes, documents and tasks, newest first. */
export function Timeline({ customerId }: { customerId: string }) {
  const [items, setItems] = useState<Schemas['TimelineItem'][]>([]);
  const first = useAsync(async () => {
    const page = await unwrap(
      api.GET('/api/v1/customers/{id}/timeline', {
        params: { path: { id: customerId }, query: { limit: 30 } },
      }),
    );
    setItems(page.items);
    return page;
  }, [customerId]);
  const [cursor, setCursor] = useState<string | null>();
  const next = cursor === undefined ? first.data?.nextCursor : cursor;

  async function more() {
    if (!next) return;
    const page = await unwrap(
      api.GET('/api/v1/customers/{id}/timeline', {
        params: { path: { id: customerId }, query: { limit: 30, cursor: next } },
      }),
    );
    setItems([...items, ...page.items]);
    setCursor(page.nextCursor);
  }

  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <Loaded state={first}>
        {() =>
          items.length === 0 ? (
            <p class="muted">Nothing has happened with this customer yet.</p>
          ) : (
            <ol class="list-plain timeline">
              {items.map((item) => {
                const link = TIMELINE_LINKS[item.kind]?.(item.refs);
                return (
                  <li key={`${item.kind}-${item.id}`}>
                    <span class="badge">{item.kind.replace('_', ' ')}</span>{' '}
                    {link ? <a href={link}>{item.title}</a> : <strong>{item.title}</strong>}{' '}
                    <span class="muted" title={dateTime(item.at)}>
                      {relative(item.at)}
                      {item.actorName && ` · ${item.actorName}`}
                    </span>
                    {item.detail && <div>{item.detail}</div>}
                  </li>
                );
              })}
            </ol>
          )
        }
      </Loaded>
      {next && (
        <button type="button" onClick={() => void more()}>
          Older
        </button>
      )}
    </section>
  );
}

/** Files attached to a record: download each, upload another. */
export function Documents({ parentType, parentId }: { parentType: ParentType; parentId: string }) {
  const documents = useAsync(
    () => unwrap(api.GET('/api/v1/documents', { params: { query: { parentType, parentId, limit: 100 } } })),
    [parentId],
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function upload(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = new FormData(form);
    body.set('parentType', parentType);
    body.set('parentId', parentId);
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/documents', {
          body: body as never,
          bodySerializer: (value) => value as unknown as FormData,
        }),
      );
      form.reset();
      setError(undefined);
      documents.reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
    setBusy(false);
  }

  return (
    <section class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Documents</h2>
      <Loaded state={documents}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">No documents yet.</p>
          ) : (
            <ul class="list-plain">
              {page.items.map((document) => (
                <li key={document.id}>
                  <a href={`/api/v1/documents/${document.id}/content`}>{document.name}</a>{' '}
                  <span class="muted">
                    v{document.currentVersion} · {dateTime(document.updatedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form onSubmit={(event) => void upload(event)}>
        <label for="document-file">Upload a file</label>
        <input id="document-file" name="file" type="file" required />
        {error && <Notice kind="bad">{error}</Notice>}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </form>
    </section>
  );
}
