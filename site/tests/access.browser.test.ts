import { expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { buildPlatformUser, type TestPerson } from '../../service/src/test/factories.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

/** What each page of part 2 does for each role: shows itself (`open`) or says it is not theirs. */
const PAGES: Record<string, Record<'rep' | 'manager' | 'admin' | 'support', 'open' | 'refused'>> = {
  '/analytics': { rep: 'open', manager: 'open', admin: 'open', support: 'refused' },
  '/team': { rep: 'refused', manager: 'open', admin: 'open', support: 'refused' },
  '/imports': { rep: 'open', manager: 'open', admin: 'open', support: 'refused' },
  '/admin': { rep: 'refused', manager: 'open', admin: 'open', support: 'refused' },
  '/admin/users': { rep: 'refused', manager: 'refused', admin: 'open', support: 'refused' },
  '/admin/roles': { rep: 'refused', manager: 'refused', admin: 'open', support: 'refused' },
  '/admin/teams': { rep: 'refused', manager: 'open', admin: 'open', support: 'refused' },
  '/admin/settings': { rep: 'refused', manager: 'refused', admin: 'open', support: 'refused' },
  '/admin/integrations': { rep: 'refused', manager: 'refused', admin: 'open', support: 'refused' },
  '/admin/audit': { rep: 'refused', manager: 'refused', admin: 'open', support: 'refused' },
  '/platform': { rep: 'refused', manager: 'refused', admin: 'refused', support: 'open' },
};

/** What the page shows once it has settled: its content, the refusal, or an error (never expected). */
async function outcome(page: Page, path: string): Promise<string> {
  await page.goto(path);
  const refused = page.getByTestId('refused');
  const failed = page.locator('main .notice.bad');
  await refused.or(failed).or(page.locator('main h2')).first().waitFor();
  if (await refused.count()) return 'refused';
  if (await failed.count()) return `error: ${await failed.first().textContent()}`;
  return 'open';
}

describeBrowser('who may open which page', () => {
  const suite = useBrowserSuite();
  const people = (): Record<'rep' | 'manager' | 'admin', TestPerson> => ({
    rep: suite.org.rep,
    manager: suite.org.manager,
    admin: suite.org.admin,
  });

  test.each(['rep', 'manager', 'admin', 'support'] as const)('as %s', async (role) => {
    const person =
      role === 'support' ? await buildPlatformUser(suite.app.database.db, 'support') : people()[role];
    const page = await suite.signedIn(person, '/settings');
    const seen: Record<string, string> = {};
    for (const path of Object.keys(PAGES)) seen[path] = await outcome(page, path);
    expect(seen).toEqual(
      Object.fromEntries(Object.entries(PAGES).map(([path, roles]) => [path, roles[role]])),
    );
  });
});
