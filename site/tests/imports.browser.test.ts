import { expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

const ACCOUNTS = fileURLToPath(
  new URL(
    '../../../shared/testdata/crm-exports/salesforce-dataloader/samples/accountData.csv',
    import.meta.url,
  ),
);

/**
 * Imports and exports in the browser: a real Salesforce Data Loader export of 423 accounts (from
 * ../shared/testdata) through the mapping screen, dry run, live progress, error report and undo; a file
 * dropped on the page; an export with its progress and download.
 */
describeBrowser('imports and exports', () => {
  const suite = useBrowserSuite();

  if (!existsSync(ACCOUNTS)) {
    test.skip(`needs ${ACCOUNTS} (../shared/testdata), absent in this checkout`, () => undefined);
  } else {
    test('a Salesforce export: suggested columns, a dry run, a live progress bar, the error report, undo', async () => {
      const page = await suite.signedIn(suite.org.admin, '/imports');
      await page.getByLabel('Records to import').selectOption('customers');
      await page.locator('#import-file').setInputFiles(ACCOUNTS);
      await page.getByRole('heading', { name: 'Match the columns of accountData.csv' }).waitFor();
      await page.getByText('looks like a salesforce export').waitFor();
      expect(await page.locator('#map-name').inputValue()).toBe('NAME');
      expect(await page.locator('#map-externalId').inputValue()).toBe('ID');

      await page.getByLabel('Save this mapping as').fill('Salesforce accounts');
      await page.getByRole('button', { name: 'Save mapping' }).click();
      await page.getByText('Saved as “Salesforce accounts”.').waitFor();

      await page.getByRole('button', { name: /^Dry run/ }).click();
      const dryRun = page.locator('section.import-job', { hasText: 'Dry run of accountData.csv' });
      await dryRun.and(page.locator('[data-status="completed"]')).waitFor();
      expect(await dryRun.getByTestId('import-counts').textContent()).toMatch(
        /^423 read · 423 would be created/,
      );
      expect(
        await json<{ items: unknown[] }>(await suite.admin.get('/api/v1/customers?q=burlington')),
      ).toEqual({
        items: [],
        nextCursor: null,
      });

      // The real run: record every value the progress bar shows, live, without a reload.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { progressSeen: string[] }).progressSeen = seen;
        new MutationObserver(() => {
          document
            .querySelectorAll('section.import-job[data-status] [role="progressbar"]')
            .forEach((bar) =>
              seen.push(`${bar.closest('section')!.dataset.status}:${bar.getAttribute('aria-valuenow')}`),
            );
        }).observe(document.body, { subtree: true, attributes: true, childList: true });
      });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const run = page.locator('section.import-job:not(:has-text("Dry run"))').first();
      await run.and(page.locator('[data-status="completed"]')).waitFor({ timeout: 30_000 });
      expect(await run.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      expect(await run.getByTestId('import-progress').textContent()).toMatch(
        /^100% · 423 of 423 rows · [\d,]+ rows\/s/,
      );
      expect(await run.getByTestId('import-counts').textContent()).toMatch(/^423 read · 423 created/);
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
      expect(seen).toContain('completed:100');
      await suite.screenshot(page, 'imports');

      // The error report: notes on owners given as Salesforce user ids, by line.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        run.getByRole('link', { name: /Download the error report/ }).click(),
      ]);
      const report = (await readFile(await download.path(), 'utf8'))
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(report[0]).toBe('line,column,value,message');
      expect(report.length).toBeGreaterThan(400);
      expect(report[1]).toMatch(/^2,/);

      await run.getByRole('button', { name: 'Undo this import' }).click();
      await run.and(page.locator('[data-status="undone"]')).waitFor({ timeout: 30_000 });
      expect(
        (await json<{ items: unknown[] }>(await suite.admin.get('/api/v1/customers?limit=5'))).items,
      ).toHaveLength(0);
    });
  }

  test('a file dropped on the page is read; a bad one says what is wrong', async () => {
    const page = await suite.signedIn(suite.org.admin, '/imports');
    const drop = async (name: string, content: string) =>
      page.getByTestId('drop-zone').evaluate(
        (zone, [fileName, text]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([text!], fileName!, { type: 'text/csv' }));
          zone.dispatchEvent(
            new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
          );
        },
        [name, content],
      );
    await drop('people.csv', 'Company,Web site\nDropped Co,dropped.example\n');
    await page.getByRole('heading', { name: 'Match the columns of people.csv' }).waitFor();
    expect(await page.locator('#map-name').inputValue()).toBe('Company');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('section.import-job[data-status="completed"]', { hasText: 'people.csv' }).waitFor();
    const found = await json<{ items: { name: string }[] }>(
      await suite.admin.get('/api/v1/customers?q=dropped'),
    );
    expect(found.items.map((item) => item.name)).toEqual(['Dropped Co']);

    await drop('empty.csv', '');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/empty|header|no/i);
  });

  test('a manager exports a list as Excel and downloads it when the job is done', async () => {
    const page = await suite.signedIn(suite.org.manager, '/imports');
    await page.getByLabel('List', { exact: true }).selectOption('customers');
    await page.getByLabel('Format', { exact: true }).selectOption('xlsx');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const link = page.getByRole('link', { name: 'Download customers as XLSX' });
    await link.waitFor({ timeout: 30_000 });
    expect(
      await page
        .locator('.export-job[data-status="completed"] [role="progressbar"]')
        .getAttribute('aria-valuenow'),
    ).toBe('100');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // Reps neither import for the organization nor export.
    const rep = await suite.signedIn(suite.org.rep, '/imports');
    await rep.getByRole('heading', { name: 'Import a file' }).waitFor();
    expect(await rep.getByRole('heading', { name: 'Export a list' }).count()).toBe(0);
  });

  test('a list page exports what its filters show', async () => {
    const manager = await suite.apiAs(suite.org.manager);
    for (const [title, priority] of [
      ['Export me, urgently', 'high'],
      ['Leave me out', 'low'],
    ])
      expect((await manager.post('/api/v1/tasks', { title, priority })).status).toBe(201);
    const page = await suite.signedIn(suite.org.manager, '/tasks');
    await page.locator('#filter-priority').selectOption('high');
    await page.getByText('Export me, urgently').first().waitFor();
    await page.getByLabel('Export format').selectOption('csv');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const link = page.getByRole('link', { name: 'Download tasks as CSV' });
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('Export me, urgently');
    expect(csv).not.toContain('Leave me out');
  });
});
