/** "Merge…": pick duplicates of this customer or contact by search and fold them into it. */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap } from '../../lib/api';
import { Notice, useAsync } from '../ui';

export function Merge({
  kind,
  target,
  onMerged,
}: {
  kind: 'customer' | 'contact';
  target: { id: string; name: string };
  onMerged: () => void;
}) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ id: string; name: string }[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const candidates = useAsync(async () => {
    if (search.trim().length < 2) return [];
    const query = { params: { query: { q: search.trim(), limit: 10 } } };
    const page =
      kind === 'customer'
        ? await unwrap(api.GET('/api/v1/customers', query))
        : await unwrap(api.GET('/api/v1/contacts', query));
    return page.items.filter((item) => item.id !== target.id && !chosen.some((pick) => pick.id === item.id));
  }, [search, chosen.length]);

  async function merge() {
    const body = { targetId: target.id, sourceIds: chosen.map((item) => item.id) };
    try {
      if (kind === 'customer') await unwrap(api.POST('/api/v1/customers/merge', { body }));
      else await unwrap(api.POST('/api/v1/contacts/merge', { body }));
      setResult({
        ok: true,
        text: `Merged ${chosen.map((item) => item.name).join(', ')} into ${target.name}.`,
      });
      setChosen([]);
      onMerged();
    } catch (error) {
      setResult({ ok: false, text: messageOf(error) });
    }
  }

  return (
    <details class="card">
      <summary>Merge duplicates…</summary>
      <label for="merge-search">Find duplicates of {target.name}</label>
      <input
        id="merge-search"
        type="search"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      <ul class="suggestions" aria-label="Matches">
        {(candidates.data ?? []).map((item) => (
          <li key={item.id}>
            <button type="button" onClick={() => setChosen([...chosen, { id: item.id, name: item.name }])}>
              Add {item.name}
            </button>
          </li>
        ))}
      </ul>
      {chosen.length > 0 && (
        <p>
          Will be merged into {target.name}: <strong>{chosen.map((item) => item.name).join(', ')}</strong>.
          Their contacts, deals, tasks and history move here.
        </p>
      )}
      {result && <Notice kind={result.ok ? 'good' : 'bad'}>{result.text}</Notice>}
      <div class="actions">
        <button class="primary" type="button" disabled={chosen.length === 0} onClick={() => void merge()}>
          Merge
        </button>
      </div>
    </details>
  );
}
