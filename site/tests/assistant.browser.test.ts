import { expect, test } from '@jest/globals';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

describeBrowser('the assistant in the dashboard', () => {
  const suite = useBrowserSuite();

  test('"what\'s due this week?" lists the rep\'s task due this week', async () => {
    const rep = await suite.apiAs(suite.org.rep);
    const dueAt = new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString();
    expect(
      (await rep.post('/api/v1/tasks', { title: 'Send Alpine Ski House the quote', dueAt })).status,
    ).toBe(201);
    const page = await suite.signedIn(suite.org.rep, '/assistant');
    await page.getByLabel('Message to Closer').fill("what's due this week?");
    await page.keyboard.press('Enter');
    const reply = page.locator('.bubble.closer').last();
    await reply.waitFor();
    expect(await reply.textContent()).toContain('Send Alpine Ski House the quote');
    await suite.screenshot(page, 'assistant');
  });

  test('a logged call changes the records, and Undo takes the change back', async () => {
    const rep = await suite.apiAs(suite.org.rep);
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Blue Yonder Airlines' }),
    );
    const page = await suite.signedIn(suite.org.rep, '/assistant');
    await page.getByLabel('Message to Closer').fill('had a call with Blue Yonder Airlines about the renewal');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('.bubble.closer').last();
    await reply.getByRole('button', { name: /undo/i }).waitFor();
    const logged = await json<{ items: unknown[] }>(
      await rep.get(`/api/v1/interactions?customerId=${customer.id}`),
    );
    expect(logged.items).toHaveLength(1);
    await reply.getByRole('button', { name: /undo/i }).click();
    await page.locator('.bubble.closer').nth(1).waitFor();
    const after = await json<{ items: unknown[] }>(
      await rep.get(`/api/v1/interactions?customerId=${customer.id}`),
    );
    expect(after.items).toHaveLength(0);
  });
});
