/** Web Push on this device: subscribe with Closer's VAPID key, tell the server, or stop. */
import { api, unwrap } from './api';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

const encode = (buffer: ArrayBuffer | null) =>
  buffer
    ? btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    : '';

async function registration(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.ready;
}

export async function pushState(): Promise<PushState> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
    return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const subscription = await (await registration()).pushManager.getSubscription();
  return subscription ? 'on' : 'off';
}

/** Asks the person, subscribes with the browser's push service and registers the subscription with Closer. */
export async function enablePush(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted')
    throw new Error('The browser did not allow notifications for Closer; allow them in its site settings.');
  const { publicKey } = await unwrap(api.GET('/api/v1/push/vapid-public-key'));
  let subscription: PushSubscription;
  try {
    subscription = await (
      await registration()
    ).pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  } catch (error) {
    throw new Error(
      `This browser could not subscribe to push messages (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  await unwrap(
    api.POST('/api/v1/push-subscriptions', {
      body: {
        endpoint: subscription.endpoint,
        keys: { p256dh: encode(subscription.getKey('p256dh')), auth: encode(subscription.getKey('auth')) },
      },
    }),
  );
}

/** Unsubscribes this device and forgets it on the server. */
export async function disablePush(): Promise<void> {
  const subscription = await (await registration()).pushManager.getSubscription();
  if (!subscription) return;
  const mine = (await unwrap(api.GET('/api/v1/push-subscriptions'))).items.find(
    (item) => item.endpoint === subscription.endpoint,
  );
  if (mine)
    await unwrap(api.DELETE('/api/v1/push-subscriptions/{id}', { params: { path: { id: mine.id } } }));
  await subscription.unsubscribe();
}
