import { expect, test } from '@jest/globals';
import { buildOrganization, signIn } from '../../service/src/test/factories.js';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

describeBrowser('customers, contacts and opportunities', () => {
  const suite = useBrowserSuite();

  test('an admin creates a customer, then a deal for it, from the forms, and finds both in the lists', async () => {
    const page = await suite.signedIn(suite.org.admin, '/customers');
    await page.getByText('New customer').click();
    await page.getByLabel('Name', { exact: true }).fill('Woodgrove Bank');
    await page.locator('#field-industry').selectOption('financial_services');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/customer\?id=/);
    await page.getByRole('heading', { name: 'Woodgrove Bank' }).waitFor();
    await suite.screenshot(page, 'customer');

    await page.goto('/opportunities');
    await page.getByText('New opportunity').click();
    await page.getByLabel('Find the customer').fill('Woodgrove');
    await page
      .locator('#field-customerId option', { hasText: 'Woodgrove Bank' })
      .waitFor({ state: 'attached' });
    await page.locator('#field-customerId').selectOption({ label: 'Woodgrove Bank' });
    await page.getByLabel('Deal name').fill('Woodgrove core banking');
    await page.getByLabel('Amount').fill('40000');
    await page.getByRole('button', { name: 'Create opportunity' }).click();
    await page.waitForURL(/\/opportunity\?id=/);
    await page.getByRole('heading', { name: 'Woodgrove core banking' }).waitFor();
    expect(await page.locator('.record').textContent()).toMatch(/40,000/);

    await page.goto('/opportunities');
    await page.getByRole('link', { name: 'Woodgrove core banking' }).waitFor();
    await suite.screenshot(page, 'opportunities');
    await page.goto('/customers?q=Woodgrove');
    await page.getByRole('link', { name: 'Woodgrove Bank' }).waitFor();
  });

  test('a value the server refuses is named on its field', async () => {
    const page = await suite.signedIn(suite.org.admin, '/customers');
    await page.getByText('New customer').click();
    await page.getByLabel('Name', { exact: true }).fill('Bad Country Ltd');
    await page.getByLabel('Country (ISO code, like DE)').fill('Germany');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.locator('#field-country-error').waitFor();
    expect(await page.getByLabel('Country (ISO code, like DE)').getAttribute('aria-invalid')).toBe('true');
    const stored = await json<{ items: unknown[] }>(
      await suite.admin.get('/api/v1/customers?q=Bad%20Country'),
    );
    expect(stored.items).toEqual([]);
  });

  test("the customer's timeline shows an interaction logged elsewhere", async () => {
    const customer = await json<{ id: string }>(
      await suite.admin.post('/api/v1/customers', { name: 'Litware' }),
    );
    const logged = await suite.admin.post('/api/v1/interactions', {
      type: 'meeting',
      customerId: customer.id,
      summary: 'Kick-off with the Litware buying committee',
    });
    expect(logged.status).toBe(201);
    const page = await suite.signedIn(suite.org.admin, `/customer?id=${customer.id}`);
    await page.getByText('Kick-off with the Litware buying committee').first().waitFor();
  });

  test('two customers are merged from the page of the one that stays', async () => {
    const keep = await json<{ id: string }>(
      await suite.admin.post('/api/v1/customers', { name: 'Proseware Inc' }),
    );
    const duplicate = await json<{ id: string }>(
      await suite.admin.post('/api/v1/customers', { name: 'Proseware Incorporated' }),
    );
    const page = await suite.signedIn(suite.org.admin, `/customer?id=${keep.id}`);
    await page.getByText('Merge duplicates…').click();
    await page.getByLabel('Find duplicates of Proseware Inc').fill('Proseware');
    await page.getByRole('button', { name: 'Add Proseware Incorporated' }).click();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText('Merged Proseware Incorporated into Proseware Inc.').waitFor();
    const left = await json<{ items: { id: string }[] }>(
      await suite.admin.get('/api/v1/customers?q=Proseware'),
    );
    expect(left.items.map((customer) => customer.id)).toEqual([keep.id]);
    expect(duplicate.id).not.toBe(keep.id);
  });

  test('a saved view brings its filters back after a reload', async () => {
    const page = await suite.signedIn(suite.org.admin, '/customers');
    await page.locator('#filter-status').selectOption('churned');
    await page.getByLabel('Save these filters as').fill('Churned accounts');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.goto('/customers');
    await page.getByLabel('Saved views').selectOption('Churned accounts');
    await page.waitForURL(/status=churned/);
    expect(await page.locator('#filter-status').inputValue()).toBe('churned');
  });

  test("another organization's customer is not found, and says so", async () => {
    const other = await buildOrganization(suite.app.database.db, { name: 'Other Org' });
    const otherAdmin = await signIn(suite.app.url, other.admin);
    const theirs = await json<{ id: string }>(
      await otherAdmin.post('/api/v1/customers', { name: 'Secret Customer' }),
    );
    const page = await suite.signedIn(suite.org.rep, `/customer?id=${theirs.id}`);
    await page.getByText('This customer does not exist, or you may not see it.').waitFor();
    expect(await page.getByText('Secret Customer').count()).toBe(0);
  });
});
