import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Server } from 'node:http';
import { json } from '../../service/src/test/http-client.js';
import {
  browserKeys,
  decryptPush,
  startPushService,
  type PushRequest,
} from '../../service/src/test/push-service.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

interface Notification {
  id: string;
  kind: string;
  title: string;
  readAt: string | null;
}

describeBrowser('notifications: the inbox, preferences and web push', () => {
  const suite = useBrowserSuite();
  let push: { url: string; requests: PushRequest[]; server: Server };
  beforeAll(async () => {
    push = await startPushService();
  });
  afterAll(() => new Promise<void>((resolve) => push?.server.close(() => resolve())));

  async function assignRep(title: string): Promise<{ id: string }> {
    const manager = await suite.apiAs(suite.org.manager);
    const created = await manager.post('/api/v1/tasks', { title, assigneeIds: [suite.org.rep.id] });
    expect(created.status).toBe(201);
    await suite.app.drainEvents();
    return json<{ id: string }>(created);
  }

  test('a new notification arrives live, and marking it read lowers the unread count', async () => {
    const page = await suite.signedIn(suite.org.rep, '/notifications');
    await page.getByText(/all caught up|Nothing here/).waitFor();
    await assignRep('Call Adatum about the contract');
    const item = page.locator('.inbox li', { hasText: 'Call Adatum about the contract' });
    await item.waitFor();
    const badge = page.locator('#unread-count');
    await badge.waitFor();
    const before = Number(await badge.textContent());
    expect(before).toBeGreaterThan(0);
    await suite.screenshot(page, 'inbox');
    await item.getByRole('button', { name: /Mark .* read/ }).click();
    await page.waitForFunction(
      (count) =>
        Number(document.getElementById('unread-count')?.textContent ?? '0') < count ||
        document.getElementById('unread-count')?.hidden,
      before,
    );
    const inbox = await json<{ items: Notification[] }>(
      await (await suite.apiAs(suite.org.rep)).get('/api/v1/notifications'),
    );
    expect(inbox.items.find((entry) => entry.title.includes('Call Adatum'))?.readAt).not.toBeNull();
  });

  test('preferences are saved: the digest, quiet hours and a kind turned off for email', async () => {
    const page = await suite.signedIn(suite.org.rep, '/settings');
    await page.getByLabel('Email digest').selectOption('weekly');
    await page.getByLabel('task.completed by Email').selectOption('off');
    await page.getByLabel('Quiet hours').check();
    await page.getByLabel('Quiet from').fill('21:00');
    await page.getByLabel('Quiet until').fill('07:00');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = await json<{
      emailDigest: string;
      quietHours: { enabled: boolean; start: string };
      channels: Record<string, Record<string, boolean>>;
    }>(await (await suite.apiAs(suite.org.rep)).get('/api/v1/me/notification-preferences'));
    expect(saved.emailDigest).toBe('weekly');
    expect(saved.quietHours).toMatchObject({ enabled: true, start: '21:00' });
    expect(saved.channels['task.completed']).toEqual({ email: false });
    await suite.screenshot(page, 'settings');
  });

  test('a push Closer sends reaches the service worker, which shows it linked to the task', async () => {
    const page = await suite.signedIn(suite.org.otherRep, '/settings');
    await page.context().grantPermissions(['notifications']);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The settings page says where push stands; this browser has no push service to reach (no network).
    const button = page.getByRole('button', { name: 'Turn on for this device' });
    await button.click();
    await page.locator('.notice').first().waitFor();
    expect(await page.locator('.settings').textContent()).toMatch(/On: this device|could not subscribe/);

    // So the subscription names the loopback push service, with keys this test holds.
    const keys = browserKeys();
    const rep = await suite.apiAs(suite.org.otherRep);
    const subscribed = await rep.post('/api/v1/push-subscriptions', {
      endpoint: `${push.url}/ok/other-rep`,
      keys: keys.keys,
    });
    expect(subscribed.status).toBe(201);

    const manager = await suite.apiAs(suite.org.admin);
    const task = await json<{ id: string }>(
      await manager.post('/api/v1/tasks', {
        title: 'Renew the Fourth Coffee contract',
        assigneeIds: [suite.org.otherRep.id],
      }),
    );
    await suite.app.drainEvents();
    let request: PushRequest | undefined;
    for (let attempt = 0; attempt < 100 && !request; attempt++) {
      request = push.requests.find((candidate) => candidate.path === '/ok/other-rep');
      if (!request) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(request).toBeDefined();
    const message = decryptPush(request!, keys) as { title: string; link: string };
    expect(message.title).toContain('Renew the Fourth Coffee contract');

    // The push service hands the message to the browser's service worker, as a real one would.
    const cdp = await page.context().newCDPSession(page);
    const registration = new Promise<string>((resolve) =>
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (event: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const found = event.registrations.find((candidate) => candidate.scopeURL.startsWith(suite.app.url));
          if (found) resolve(found.registrationId);
        },
      ),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: suite.app.url,
      registrationId: await registration,
      data: JSON.stringify(message),
    });
    // getNotifications() is async, which waitForFunction does not poll: ask until it is there.
    let notification: { title: string; data: { url: string } } | null = null;
    for (let attempt = 0; attempt < 100 && !notification; attempt++) {
      notification = await page.evaluate(async () => {
        const shown = await (await navigator.serviceWorker.ready).getNotifications();
        return shown.length ? { title: shown[0]!.title, data: shown[0]!.data as { url: string } } : null;
      });
      if (!notification) await page.waitForTimeout(100);
    }
    if (!notification) throw new Error('the service worker showed no notification');
    expect(notification.title).toContain('Renew the Fourth Coffee contract');
    expect(notification.data.url).toContain(task.id);
  });
});
