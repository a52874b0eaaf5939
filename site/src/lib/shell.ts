/** What every signed-in page runs: the service worker, the offline banner and the unread count. */
import { api, unwrap } from './api';
import { onRealtime } from './realtime';
import { session } from './session';

async function refreshUnread(): Promise<void> {
  const badge = document.getElementById('unread-count');
  if (!badge) return;
  const { count } = await unwrap(api.GET('/api/v1/notifications/unread-count'));
  badge.textContent = String(count);
  badge.hidden = count === 0;
  badge.setAttribute('aria-label', `${count} unread`);
}

/** Shows the navigation links the signed-in person's role opens (`data-needs`: any of these permissions). */
async function showAllowedLinks(): Promise<void> {
  const me = await session();
  for (const link of document.querySelectorAll<HTMLElement>('[data-needs]')) {
    const needs = (link.dataset.needs ?? '').split(' ');
    link.hidden = !needs.some((permission) => me.permissions.includes(permission));
  }
  // Platform staff outside any organization have no organization's pages.
  if (!me.tenant)
    for (const link of document.querySelectorAll<HTMLElement>('[data-tenant]')) link.hidden = true;
}

function showOnlineState(): void {
  const banner = document.getElementById('offline-banner');
  if (banner) banner.hidden = navigator.onLine;
}

export function startShell(): void {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
  showOnlineState();
  showAllowedLinks().catch(() => undefined);
  addEventListener('online', showOnlineState);
  addEventListener('offline', showOnlineState);
  if (!navigator.onLine) return;
  refreshUnread().catch(() => undefined);
  onRealtime('notification.new', () => void refreshUnread().catch(() => undefined));
  onRealtime('notification.read', () => void refreshUnread().catch(() => undefined));
}
