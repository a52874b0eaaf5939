import { expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

interface Stage {
  id: string;
  name: string;
  kind: string;
}
interface Deal {
  id: string;
  version: number;
  stage: { id: string; name: string };
}

describeBrowser('the pipeline board', () => {
  const suite = useBrowserSuite();

  async function stages(): Promise<Stage[]> {
    const pipelines = await json<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
      await suite.admin.get('/api/v1/pipelines'),
    );
    return pipelines.items.find((pipeline) => pipeline.isDefault)!.stages;
  }

  async function repDeal(name: string, amount = '25000'): Promise<Deal> {
    const rep = await suite.apiAs(suite.org.rep);
    const customer = await json<{ id: string }>(await rep.post('/api/v1/customers', { name: `${name} Inc` }));
    const created = await rep.post('/api/v1/opportunities', { name, customerId: customer.id, amount });
    expect(created.status).toBe(201);
    return json<Deal>(created);
  }

  const card = (page: Page, name: string) => page.locator('article.deal', { hasText: name });
  const column = (page: Page, stage: Stage) => page.locator(`section.column[data-stage-id="${stage.id}"]`);

  test('a rep drags a deal to the next stage; it stays there after a reload, and the manager sees it move live', async () => {
    const [first, second] = await stages();
    const deal = await repDeal('Contoso expansion');
    expect(deal.stage.id).toBe(first!.id);
    const manager = await suite.signedIn(suite.org.manager, '/pipeline');
    await card(manager, 'Contoso expansion').waitFor();
    expect(
      await column(manager, first!).locator('article.deal', { hasText: 'Contoso expansion' }).count(),
    ).toBe(1);

    const rep = await suite.signedIn(suite.org.rep, '/pipeline');
    await card(rep, 'Contoso expansion').dragTo(column(rep, second!));
    await column(rep, second!).locator('article.deal', { hasText: 'Contoso expansion' }).waitFor();
    await rep.getByText(`Contoso expansion moved to ${second!.name}.`).waitFor({ state: 'attached' });

    const saved = await json<Deal>(await suite.admin.get(`/api/v1/opportunities/${deal.id}`));
    expect(saved.stage.id).toBe(second!.id);
    await rep.reload();
    await column(rep, second!).locator('article.deal', { hasText: 'Contoso expansion' }).waitFor();

    // The manager's board, never reloaded, follows.
    await column(manager, second!).locator('article.deal', { hasText: 'Contoso expansion' }).waitFor();
    expect(
      await column(manager, first!).locator('article.deal', { hasText: 'Contoso expansion' }).count(),
    ).toBe(0);
    await suite.screenshot(manager, 'pipeline');
  });

  test('the keyboard alternative moves a deal from its menu, and the column totals follow', async () => {
    const [first, , third] = await stages();
    await repDeal('Northwind pilot', '12000');
    const page = await suite.signedIn(suite.org.rep, '/pipeline');
    const menu = page.getByLabel('Move Northwind pilot to');
    await menu.focus();
    await menu.selectOption({ label: `Move to ${third!.name}` });
    await column(page, third!).locator('article.deal', { hasText: 'Northwind pilot' }).waitFor();
    expect(await column(page, third!).locator('.column-head').textContent()).toMatch(/12/);
    expect(await column(page, first!).locator('article.deal', { hasText: 'Northwind pilot' }).count()).toBe(
      0,
    );
  });

  test('a move the server refuses puts the card back and says why', async () => {
    const [first, second] = await stages();
    const deal = await repDeal('Tailspin rollout');
    // This board hears no live updates, so it keeps the version it loaded.
    const context = await suite.browser.newContext({ baseURL: suite.app.url });
    await context.routeWebSocket(/\/ws/, () => undefined);
    const page = await suite.signedIn(suite.org.rep, '/pipeline', context);
    await card(page, 'Tailspin rollout').waitFor();
    // Someone else changes the deal meanwhile: the version this board holds is stale.
    const rep = await suite.apiAs(suite.org.rep);
    const changed = await rep.patch(`/api/v1/opportunities/${deal.id}`, {
      version: deal.version,
      nextStep: 'Call back',
    });
    expect(changed.status).toBe(200);
    await card(page, 'Tailspin rollout').dragTo(column(page, second!));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Tailspin rollout stayed in/);
    await column(page, first!).locator('article.deal', { hasText: 'Tailspin rollout' }).waitFor();
    const unchanged = await json<Deal>(await suite.admin.get(`/api/v1/opportunities/${deal.id}`));
    expect(unchanged.stage.id).toBe(first!.id);
    await context.close();
  });

  test('filters narrow the board and live in the address, so a reload keeps them', async () => {
    await repDeal('Big Fabrikam deal', '90000');
    await repDeal('Small Fabrikam deal', '3000');
    const page = await suite.signedIn(suite.org.rep, '/pipeline');
    await card(page, 'Small Fabrikam deal').waitFor();
    await page.getByLabel('Amount from').fill('50000');
    await page.getByLabel('Amount from').dispatchEvent('change');
    await card(page, 'Small Fabrikam deal').waitFor({ state: 'detached' });
    expect(await card(page, 'Big Fabrikam deal').count()).toBe(1);
    expect(page.url()).toContain('min=50000');
    await page.reload();
    await card(page, 'Big Fabrikam deal').waitFor();
    expect(await card(page, 'Small Fabrikam deal').count()).toBe(0);
  });
});
