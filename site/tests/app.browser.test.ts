/**
 * The dashboard as a whole: joining from an invitation, resetting a password, the personal dashboard,
 * the PWA's installability, accessibility of every page, and how pages are served.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { buildPlatformUser, type TestPerson } from '../../service/src/test/factories.js';
import { json } from '../../service/src/test/http-client.js';
import { tokenFrom, waitForEmail } from '../../service/src/test/outbox.js';
import { seriousViolations } from './axe.js';
import { CHROMIUM, CHROMIUM_ARGS, describeBrowser, SITE_DIST, useBrowserSuite } from './browser.js';

/** The built pages by name (`index`, `login`, `admin/roles`, …), read when the file is collected. */
const BUILT_PAGES = existsSync(SITE_DIST)
  ? readdirSync(SITE_DIST, { recursive: true, encoding: 'utf8' })
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => file.endsWith('.html') && file !== '404.html')
      .map((file) => file.replace(/\.html$/, ''))
      .sort()
  : ['index'];

describeBrowser('the dashboard', () => {
  const suite = useBrowserSuite();

  test('an invited person joins from the emailed link and lands on their dashboard, signed in', async () => {
    const response = await suite.admin.post('/api/v1/invitations', {
      email: 'new.rep@example.com',
      roleId: suite.org.roles.sales_rep.id,
    });
    expect(response.status).toBe(201);
    const mail = await waitForEmail(suite.app, 'new.rep@example.com', /invited/);
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    const page = await context.newPage();
    await page.goto(`/invite?token=${encodeURIComponent(tokenFrom(mail))}`);
    await page.getByLabel('Your name').fill('Nia New');
    await page.getByLabel('Password (at least 10 characters)').fill('a long enough password');
    await page.getByLabel('Password again').fill('a long enough password');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('Nia New', { exact: true }).waitFor();
    await context.close();
  });

  test('a used invitation link says so instead of failing silently', async () => {
    const mail = await waitForEmail(suite.app, 'new.rep@example.com', /invited/);
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    const page = await context.newPage();
    await page.goto(`/invite?token=${encodeURIComponent(tokenFrom(mail))}`);
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Password (at least 10 characters)').fill('another long password');
    await page.getByLabel('Password again').fill('another long password');
    await page.getByRole('button', { name: 'Join' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/invitation|link/i);
    expect(new URL(page.url()).pathname).toBe('/invite');
    await context.close();
  });

  test('a person resets a forgotten password from the emailed link and signs in with the new one', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(suite.org.otherRep.email);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByText('a reset link is on its way').waitFor();
    const mail = await waitForEmail(suite.app, suite.org.otherRep.email, /password/i);
    await page.goto(`/reset-password?token=${encodeURIComponent(tokenFrom(mail))}`);
    await page.getByLabel('New password (at least 10 characters)').fill('my brand new password');
    await page.getByLabel('New password again').fill('my brand new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed').waitFor();
    await page.goto('/login');
    await page.getByLabel('Email').fill(suite.org.otherRep.email);
    await page.getByLabel('Password').fill('my brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await context.close();
  });

  test("the personal dashboard shows the rep's pipeline, what is due and what they logged", async () => {
    const rep = await suite.apiAs(suite.org.rep);
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Fabrikam Ltd' }),
    );
    const created = await rep.post('/api/v1/opportunities', {
      name: 'Fabrikam renewal',
      customerId: customer.id,
      amount: '42000',
    });
    expect(created.status).toBe(201);
    const due = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    await rep.post('/api/v1/tasks', {
      title: 'Send Fabrikam the proposal',
      dueAt: due,
      assigneeIds: [suite.org.rep.id],
    });
    await rep.post('/api/v1/interactions', {
      type: 'call',
      customerId: customer.id,
      summary: 'Talked budgets with Fabrikam',
      occurredAt: new Date().toISOString(),
    });
    const page = await suite.signedIn(suite.org.rep, '/');
    await page.getByText('Send Fabrikam the proposal').waitFor();
    await page.getByText('Talked budgets with Fabrikam').waitFor();
    const kpis = page.getByRole('region', { name: 'Key figures' });
    expect(await kpis.textContent()).toMatch(/42/);
    await page.getByRole('heading', { name: 'Revenue forecast' }).waitFor();
    await suite.screenshot(page, 'dashboard');
  });

  test('Chromium finds the app installable: manifest, icons and a service worker that controls the page', async () => {
    // Chromium never offers to install from an incognito profile, which new contexts are: use a real one.
    const profile = await mkdtemp(path.join(tmpdir(), 'closer-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM!,
      headless: true,
      args: CHROMIUM_ARGS,
      baseURL: suite.app.url,
    });
    const page = await suite.signedIn(suite.org.rep, '/', context);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ name: 'Closer', display: 'standalone', start_url: '/' });
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  describe('accessibility: no serious or critical axe-core violations', () => {
    const ids: Record<string, string> = {};
    /** Who looks at each page: the one it is for (a manager, an Org Admin, platform staff). */
    const pages = {} as Record<'manager' | 'admin' | 'platform', Page>;
    const viewerOf = (name: string) =>
      name.startsWith('platform')
        ? 'platform'
        : name.startsWith('admin') || name === 'imports'
          ? 'admin'
          : 'manager';
    beforeAll(async () => {
      pages.manager = await suite.signedIn(suite.org.manager, '/');
      pages.admin = await suite.signedIn(suite.org.admin, '/');
      pages.platform = await suite.signedIn(
        await buildPlatformUser(suite.app.database.db, 'super_admin'),
        '/platform',
      );
      ids.member = suite.org.rep.id;
      const rep = await suite.apiAs(suite.org.manager);
      const customer = await json<{ id: string }>(
        await rep.post('/api/v1/customers', { name: 'Axe Industries' }),
      );
      const opportunity = await json<{ id: string }>(
        await rep.post('/api/v1/opportunities', {
          name: 'Axe deal',
          customerId: customer.id,
          amount: '1000',
        }),
      );
      const task = await json<{ id: string }>(await rep.post('/api/v1/tasks', { title: 'Axe follow-up' }));
      Object.assign(ids, { customer: customer.id, opportunity: opportunity.id, task: task.id });
    });

    test('every built page is checked', () => {
      expect(BUILT_PAGES).toEqual(
        expect.arrayContaining(['index', 'login', 'invite', 'reset-password', 'analytics', 'admin/roles']),
      );
    });

    // One test a page, so a slow machine spends its time budget per page, not on all of them at once.
    test.each(BUILT_PAGES)('/%s, in light and dark', async (name) => {
      const query = ids[name]
        ? `?id=${ids[name]}`
        : name === 'invite' || name === 'reset-password'
          ? '?token=x'
          : '';
      const found: Record<string, unknown> = {};
      const page = pages[viewerOf(name)];
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`/${name === 'index' ? '' : name}${query}`);
        await settled(page);
        const violations = await seriousViolations(page);
        if (violations.length) found[scheme] = violations;
      }
      expect(found).toEqual({});
    });
  });

  /** The pages wider than a 360 px phone screen, as `person` sees them. */
  async function overflowingOnPhone(
    person: TestPerson,
    paths: string[],
    screenshot?: string,
  ): Promise<string[]> {
    const context = await suite.browser.newContext({
      baseURL: suite.app.url,
      viewport: { width: 360, height: 740 },
    });
    const page = await suite.signedIn(person, '/', context);
    const overflowing: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 362) {
        // Name the widest element, so a failure says what to fix.
        const widest = await page.evaluate(() => {
          let found = '';
          document.querySelectorAll<HTMLElement>('main *').forEach((element) => {
            if (!found && element.getBoundingClientRect().right > 362 && !element.closest('.table-wrap'))
              found = `${element.tagName.toLowerCase()}.${element.className}`;
          });
          return found;
        });
        overflowing.push(`${path}: ${width}px (${widest})`);
      }
      if (path === screenshot) await suite.screenshot(page, `${path.slice(1).replaceAll('/', '-')}-phone`);
    }
    await context.close();
    return overflowing;
  }

  test('on a phone-wide screen no page is wider than the screen (the board scrolls within itself)', async () => {
    const paths = ['/', '/pipeline', '/tasks', '/customers', '/opportunities', '/notifications', '/settings'];
    expect(await overflowingOnPhone(suite.org.manager, paths, '/pipeline')).toEqual([]);
  });

  test('on a phone-wide screen the analytics and administration pages fit too', async () => {
    const manager = ['/assistant', '/analytics', '/forecast', '/team', `/member?id=${suite.org.rep.id}`];
    expect(await overflowingOnPhone(suite.org.manager, manager, '/analytics')).toEqual([]);
    const admin = ['/admin', '/admin/users', '/admin/roles', '/admin/audit', '/admin/settings', '/imports'];
    expect(await overflowingOnPhone(suite.org.admin, admin, '/admin/roles')).toEqual([]);
  });

  test('pages are served without .html, hashed assets are cached for good, and a missing page is a 404 page', async () => {
    const html = await suite.app.request('/login', { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    const asset = (await html.text()).match(/\/_astro\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const cached = await suite.app.request(asset!);
    expect(cached.headers.get('cache-control')).toContain('immutable');
    const missing = await suite.app.request('/no-such-page', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no page here');
    const api = await suite.app.request('/api/v1/no-such-route', { headers: { accept: 'text/html' } });
    expect(api.headers.get('content-type')).toContain('problem+json');
  });
});

/** Waits until the page's island has rendered (no "Loading…" left) and the network is quiet. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'), undefined, {
    timeout: 10_000,
  });
}
