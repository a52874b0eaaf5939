/// <reference lib="webworker" />
/** Web Push: shows what Closer sends, and a click opens the record in a Closer window. */
declare const self: ServiceWorkerGlobalScope;
export {};

/** What Closer's push messages carry (service/src/modules/notifications/web-push-sender.ts). */
interface PushMessage {
  title: string;
  body: string;
  link: string | null;
  kind: string;
  notificationId: string;
}

function read(event: PushEvent): PushMessage {
  try {
    return event.data?.json() as PushMessage;
  } catch {
    return {
      title: 'Closer',
      body: event.data?.text() ?? '',
      link: null,
      kind: 'unknown',
      notificationId: '',
    };
  }
}

self.addEventListener('push', (event) => {
  const message = read(event);
  const url = message.link ?? '/notifications';
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      tag: message.notificationId || undefined,
      data: { url, notificationId: message.notificationId, kind: message.kind },
    }),
  );
});

async function open(url: string): Promise<void> {
  const target = new URL(url, self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((client) => new URL(client.url).origin === target.origin);
  if (existing) {
    await existing.focus();
    await existing.navigate(target.href);
    return;
  }
  await self.clients.openWindow(target.href);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: string } | null;
  event.waitUntil(open(data?.url ?? '/notifications'));
});
