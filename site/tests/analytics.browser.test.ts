import { expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { writeDemo } from '../../service/src/demo/demo-writer.js';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

/**
 * Analytics, forecasts and team performance on the demo company (written into the test organization):
 * what a manager sees, what a rep may and may not, tables and CSV of each chart, the shareable view.
 */
describeBrowser('analytics, forecasts and team performance', () => {
  const suite = useBrowserSuite();
  let demoWritten = false;

  async function withDemo(): Promise<void> {
    if (demoWritten) return;
    await writeDemo(suite.app.database.db, {
      tenantId: suite.org.tenantId,
      size: { customers: 30, opportunities: 240 },
      now: new Date(),
    });
    demoWritten = true;
  }

  const chart = (page: Page, id: string) => page.locator(`section[data-chart="${id}"]`);

  test('a manager sees the forecast band, its table and its CSV', async () => {
    await withDemo();
    const page = await suite.signedIn(suite.org.manager, '/forecast');
    const forecast = chart(page, 'forecast');
    await forecast.getByText(/expected .* between .* \(P10\) and .* \(P90\)/).waitFor();
    await forecast.locator('.chart canvas').first().waitFor();
    await suite.screenshot(page, 'forecast');

    await forecast.getByRole('button', { name: 'Table' }).click();
    const header = await forecast.locator('thead th').allTextContents();
    expect(header).toEqual(['Period', 'Committed', 'Expected', 'P90', 'P50', 'P10']);
    const rows = forecast.locator('tbody tr');
    expect(await rows.count()).toBe(6);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      forecast.getByRole('button', { name: 'Download Revenue forecast as CSV' }).click(),
    ]);
    const csv = (await readFile(await download.path(), 'utf8'))
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(download.suggestedFilename()).toBe('forecast.csv');
    expect(csv[0]).toBe('Period,Committed,Expected,P90,P50,P10');
    expect(csv).toHaveLength(7);
    // Each row's band holds its median: P10 <= P50 <= P90.
    for (const line of csv.slice(1)) {
      const [, , , p90, p50, p10] = line.split(',').map(Number);
      expect(p10).toBeLessThanOrEqual(p50!);
      expect(p50).toBeLessThanOrEqual(p90!);
    }
    await chart(page, 'pipeline-health')
      .getByText(/open deals worth/)
      .waitFor();
  });

  test('a manager sees the team rankings and opens a member’s page', async () => {
    await withDemo();
    const page = await suite.signedIn(suite.org.manager, '/team');
    const rankings = chart(page, 'rankings');
    await rankings.locator('.bars li').first().waitFor();
    const api = await json<{ items: { user: { name: string }; rank: number }[] }>(
      await (
        await suite.apiAs(suite.org.manager)
      ).get('/api/v1/goals/rankings?metric=revenue_won&period=month'),
    );
    expect(await rankings.locator('.bars li').count()).toBe(api.items.length);
    await rankings.getByLabel('Rank by').selectOption('deals_won');
    await rankings.getByRole('button', { name: 'Table' }).click();
    await rankings.locator('thead th', { hasText: 'Deals won' }).waitFor();
    await suite.screenshot(page, 'team');

    await rankings.getByRole('link', { name: suite.org.rep.name }).click();
    await page.waitForURL(/\/member\?id=/);
    await page.getByTestId('member-name').getByText(suite.org.rep.name).waitFor();
    await chart(page, 'member-results').waitFor();
  });

  test('analytics: the filters are in the address, and the link opens the same view', async () => {
    await withDemo();
    const page = await suite.signedIn(suite.org.manager, '/analytics');
    await chart(page, 'pipeline-by-stage').locator('.bars li').first().waitFor();
    await page.getByLabel('By', { exact: true }).selectOption('quarter');
    await page.getByLabel('Team').selectOption({ label: 'West' });
    await page.waitForURL(/interval=quarter/);
    const shared = page.url();
    expect(shared).toContain(`teamId=${suite.org.teamId}`);
    await page.getByTestId('scope').getByText('West').waitFor();
    await suite.screenshot(page, 'analytics');

    const other = await suite.signedIn(suite.org.manager, new URL(shared).pathname + new URL(shared).search);
    await other.getByTestId('scope').getByText('West').waitFor();
    expect(await other.getByLabel('By', { exact: true }).inputValue()).toBe('quarter');
    // Every chart on the page has a table view with the same categories as its bars.
    const stageCount = await chart(other, 'pipeline-by-stage').locator('.bars li').count();
    await chart(other, 'pipeline-by-stage').getByRole('button', { name: 'Table' }).click();
    expect(await chart(other, 'pipeline-by-stage').locator('tbody tr').count()).toBe(stageCount);
  });

  test('the numbers move when a deal moves', async () => {
    await withDemo();
    const rep = await suite.apiAs(suite.org.rep);
    const page = await suite.signedIn(suite.org.rep, '/analytics');
    const headline = page.getByTestId('headline');
    await headline.waitFor();
    const before = await headline.locator('.kpi').first().textContent();
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Live Move Ltd' }),
    );
    expect(
      (
        await rep.post('/api/v1/opportunities', {
          name: 'Live move',
          customerId: customer.id,
          amount: '999999',
        })
      ).status,
    ).toBe(201);
    await page.waitForFunction(
      (previous) => document.querySelector('[data-testid="headline"] .kpi')?.textContent !== previous,
      before,
      { timeout: 10_000 },
    );
  });

  test('a rep sees their own analytics but not the team page', async () => {
    const page = await suite.signedIn(suite.org.rep, '/analytics');
    await page.getByTestId('scope').getByText(suite.org.rep.name).waitFor();
    expect(await page.getByRole('link', { name: 'Team', exact: true }).isHidden()).toBe(true);
    await page.goto('/team');
    await page.getByTestId('refused').getByText('Team performance needs the permission').waitFor();
  });
});
