/** `/notifications`: the inbox: unread first, new ones arriving live, each leading to its record. */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { relative } from '../lib/format';
import { onRealtime } from '../lib/realtime';
import { Notice, useAsync } from './ui';

type Item = Schemas['Notification'];

export default function Inbox() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [kind, setKind] = useState('');
  const [error, setError] = useState<string>();
  const inbox = useAsync(
    () =>
      unwrap(
        api.GET('/api/v1/notifications', {
          params: { query: { limit: 100, ...(unreadOnly && { unread: 'true' as const }) } },
        }),
      ),
    [unreadOnly],
  );
  const { reload } = inbox;
  useEffect(() => onRealtime('notification.new', reload), [reload]);

  async function markRead(item: Item) {
    try {
      await unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: item.id } } }));
      inbox.set((current) => ({
        nextCursor: null,
        ...current,
        items: (current?.items ?? []).map((other) =>
          other.id === item.id ? { ...other, readAt: new Date().toISOString() } : other,
        ),
      }));
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  async function markAll() {
    try {
      await unwrap(api.POST('/api/v1/notifications/read-all'));
      reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const items = (inbox.data?.items ?? []).filter((item) => !kind || item.kind === kind);
  const kinds = [...new Set((inbox.data?.items ?? []).map((item) => item.kind))].sort();
  const unread = items.filter((item) => !item.readAt);
  return (
    <div>
      <div class="filters">
        <label>
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => setUnreadOnly(event.currentTarget.checked)}
          />{' '}
          Unread only
        </label>
        <div>
          <label for="filter-kind">Kind</label>
          <select id="filter-kind" value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
            <option value="">All kinds</option>
            {kinds.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void markAll()} disabled={unread.length === 0}>
          Mark all read
        </button>
        <a href="/settings">Notification settings</a>
      </div>
      {error && <Notice kind="bad">{error}</Notice>}
      {inbox.error && <Notice kind="bad">{inbox.error}</Notice>}
      {!inbox.data && !inbox.error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {inbox.data && items.length === 0 && <p class="muted">Nothing here. You are all caught up.</p>}
      <ul class="list-plain card inbox" aria-label="Notifications">
        {[...unread, ...items.filter((item) => item.readAt)].map((item) => (
          <li key={item.id} class={item.readAt ? 'read' : 'unread'} data-notification-id={item.id}>
            <div>
              {!item.readAt && <span class="badge accent">new</span>}{' '}
              <strong>{item.link ? <a href={item.link}>{item.title}</a> : item.title}</strong>{' '}
              <span class="muted">{relative(item.createdAt)}</span>
            </div>
            <div>{item.body}</div>
            {!item.readAt && (
              <button
                type="button"
                onClick={() => void markRead(item)}
                aria-label={`Mark "${item.title}" read`}
              >
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
