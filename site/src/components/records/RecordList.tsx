/**
 * A list of customers, contacts or deals: search and filters (in the address, so a reload or a link
 * keeps them), "Load more" paging, saved views, and a form for a new one. Read through the device
 * cache, so the last list shows offline.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../../lib/api';
import { cachedRead } from '../../lib/offline';
import { session } from '../../lib/session';
import { ExportButton, isExportResource, useCanExport } from '../imports/ExportPanel';
import { Notice } from '../ui';

export interface ListFilter {
  key: string;
  label: string;
  type: 'search' | 'select' | 'date';
  options?: { value: string; label: string }[];
}

export interface Column<T> {
  label: string;
  render: (item: T) => ComponentChildren;
}

type Query = Record<string, string>;
interface SavedView {
  name: string;
  query: Query;
}

function queryFromUrl(filters: ListFilter[]): Query {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(
    filters.flatMap((filter) => (params.get(filter.key) ? [[filter.key, params.get(filter.key)!]] : [])),
  );
}

/** Saved views live on this device, per person and organization (there is no server API for them yet). */
function useSavedViews(resource: string) {
  const [key, setKey] = useState<string>();
  const [views, setViews] = useState<SavedView[]>([]);
  useEffect(() => {
    void session().then((me) => {
      const storageKey = `closer.views.${resource}.${me.user.id}.${me.tenant?.id ?? ''}`;
      setKey(storageKey);
      setViews(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as SavedView[]);
    });
  }, [resource]);
  const store = (next: SavedView[]) => {
    setViews(next);
    if (key) localStorage.setItem(key, JSON.stringify(next));
  };
  return {
    views,
    save: (view: SavedView) => store([...views.filter((existing) => existing.name !== view.name), view]),
    remove: (name: string) => store(views.filter((view) => view.name !== name)),
  };
}

export function RecordList<T extends { id: string }>({
  resource,
  filters,
  columns,
  load,
  create,
}: {
  resource: string;
  filters: ListFilter[];
  columns: Column<T>[];
  load: (query: Query, cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>;
  create?: ComponentChildren;
}) {
  const [query, setQuery] = useState<Query>(() => queryFromUrl(filters));
  const [items, setItems] = useState<T[]>();
  const [next, setNext] = useState<string | null>(null);
  const [fromCache, setFromCache] = useState(false);
  const [error, setError] = useState<string>();
  const saved = useSavedViews(resource);
  const canExport = useCanExport();
  const exportAs = canExport && isExportResource(resource) ? resource : undefined;
  const [viewName, setViewName] = useState('');

  useEffect(() => {
    let current = true;
    setItems(undefined);
    cachedRead(`${resource}:${JSON.stringify(query)}`, () => load(query)).then(
      (read) => {
        if (!current) return;
        setItems(read.value.items);
        setNext(read.value.nextCursor);
        setFromCache(read.fromCache);
        setError(undefined);
      },
      (failure: unknown) => current && setError(messageOf(failure)),
    );
    return () => {
      current = false;
    };
  }, [JSON.stringify(query)]);

  function apply(nextQuery: Query) {
    const clean = Object.fromEntries(Object.entries(nextQuery).filter(([, value]) => value));
    setQuery(clean);
    const search = new URLSearchParams(clean).toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
  }

  async function more() {
    if (!next) return;
    try {
      const page = await load(query, next);
      setItems([...(items ?? []), ...page.items]);
      setNext(page.nextCursor);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <div>
      {create}
      <form class="filters" aria-label="Filter" onSubmit={(event) => event.preventDefault()}>
        {filters.map((filter) => (
          <div key={filter.key}>
            <label for={`filter-${filter.key}`}>{filter.label}</label>
            {filter.type === 'select' ? (
              <select
                id={`filter-${filter.key}`}
                value={query[filter.key] ?? ''}
                onChange={(event) => apply({ ...query, [filter.key]: event.currentTarget.value })}
              >
                <option value="">Any</option>
                {filter.options?.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`filter-${filter.key}`}
                type={filter.type}
                value={query[filter.key] ?? ''}
                onChange={(event) => apply({ ...query, [filter.key]: event.currentTarget.value })}
              />
            )}
          </div>
        ))}
        <div>
          <label for="saved-view">Saved views</label>
          <select
            id="saved-view"
            value=""
            onChange={(event) => {
              const view = saved.views.find((candidate) => candidate.name === event.currentTarget.value);
              if (view) apply(view.query);
            }}
          >
            <option value="">Choose a view…</option>
            {saved.views.map((view) => (
              <option key={view.name} value={view.name}>
                {view.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="view-name">Save these filters as</label>
          <input
            id="view-name"
            value={viewName}
            onInput={(event) => setViewName(event.currentTarget.value)}
          />
        </div>
        <button
          type="button"
          disabled={!viewName.trim()}
          onClick={() => {
            saved.save({ name: viewName.trim(), query });
            setViewName('');
          }}
        >
          Save view
        </button>
        {exportAs && <ExportButton resource={exportAs} filters={query} />}
      </form>
      {fromCache && <Notice>Shown from this device: you are offline.</Notice>}
      {error && <Notice kind="bad">{error}</Notice>}
      {!items && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {items && items.length === 0 && <p class="muted">Nothing matches.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column.label}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  {columns.map((column) => (
                    <td key={column.label}>{column.render(item)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div class="actions">
          <button type="button" onClick={() => void more()}>
            Load more
          </button>
        </div>
      )}
    </div>
  );
}
