import { expect, test } from '@jest/globals';
import { buildPlatformUser } from '../../service/src/test/factories.js';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

/** The platform console: system health as charts, organizations, support staff, announcements. */
describeBrowser('the platform console', () => {
  const suite = useBrowserSuite();

  test('a super admin sees system health as charts, creates and suspends an organization, adds support staff', async () => {
    const superAdmin = await buildPlatformUser(suite.app.database.db, 'super_admin');
    const page = await suite.signedIn(superAdmin, '/platform');
    const health = page.getByTestId('health');
    await health.getByText('WebSocket connections').first().waitFor();
    await page.locator('section[data-chart="request-rate"] .chart canvas').first().waitFor();
    await page.locator('section[data-chart="latency"]').getByRole('button', { name: 'Table' }).click();
    expect(await page.locator('section[data-chart="latency"] thead th').allTextContents()).toEqual([
      'Time',
      'Mean (ms)',
      'P95 (ms)',
    ]);
    await suite.screenshot(page, 'platform');

    await page.getByLabel('Name', { exact: true }).first().fill('Globex Platform');
    await page.getByLabel('Slug').fill('globex-platform');
    await page.getByLabel("First Org Admin's email").fill('boss@globex-platform.test');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page
      .getByText('Globex Platform created; boss@globex-platform.test is invited as its Org Admin.')
      .waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Suspend Globex Platform' }).click();
    await page.getByText('Globex Platform is suspended.').waitFor();
    const tenants = await json<{ items: { slug: string; status: string }[] }>(
      await (await suite.apiAs(superAdmin)).get('/api/v1/platform/tenants'),
    );
    expect(tenants.items.find((tenant) => tenant.slug === 'globex-platform')?.status).toBe('suspended');

    await page
      .getByRole('form', { name: 'New support staff' })
      .getByLabel('Email')
      .fill('helper@closer.test');
    await page.getByRole('button', { name: 'Add support staff' }).click();
    await page.getByText('helper@closer.test is support staff').waitFor();
  });

  test('support staff read the console but change nothing; organization members are refused it', async () => {
    const support = await buildPlatformUser(suite.app.database.db, 'support');
    const page = await suite.signedIn(support, '/platform');
    await page.getByTestId('health').waitFor();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create organization' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Support staff' }).count()).toBe(0);

    const admin = await suite.signedIn(suite.org.admin, '/platform');
    await admin.getByTestId('refused').waitFor();
    expect(await admin.getByRole('link', { name: 'Platform', exact: true }).isHidden()).toBe(true);
  });
});
