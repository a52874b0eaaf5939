import { expect, test } from '@jest/globals';
import { describeBrowser, useBrowserSuite } from './browser.js';

describeBrowser('signing in', () => {
  const suite = useBrowserSuite();

  test('a rep signs in and lands on the page they asked for, with their name and organization', async () => {
    const page = await suite.signedIn(suite.org.rep, '/');
    await expect(page.getByText(suite.org.rep.name).first().isVisible()).resolves.toBe(true);
    await suite.screenshot(page, 'dashboard');
  });

  test('a wrong password is refused with the reason, and the page stays on sign-in', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(suite.org.rep.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/password/i);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  test('a signed-out visitor of a page is sent to sign in and brought back after', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    const page = await context.newPage();
    await page.goto('/tasks');
    await page.waitForURL(/\/login\?next=%2Ftasks/);
    await context.close();
  });
});
