/**
 * Browser tests: the real service (test app on a fresh database) serving the built dashboard, driven
 * by Debian's Chromium through playwright-core. A machine without Chromium skips them, saying why;
 * CI installs it (`.ci/run`).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  buildOrganization,
  signIn as signInApi,
  TEST_PASSWORD,
  type TestOrganization,
  type TestPerson,
} from '../../service/src/test/factories.js';
import type { TestClient } from '../../service/src/test/http-client.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../../service/src/test/test-app.js';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate): candidate is string => !!candidate && existsSync(candidate),
);
/** How CI runs Chromium: no sandbox (root in a container), nothing fetched from the network by itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
];
export const SITE_DIST = process.env.CLOSER_SITE_DIST || fileURLToPath(new URL('../dist', import.meta.url));
const SITE_BUILT = existsSync(path.join(SITE_DIST, 'index.html'));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

const skipReason = !CHROMIUM
  ? 'no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)'
  : !SITE_BUILT
    ? 'the dashboard is not built (npm run build)'
    : undefined;

/** `describe` when Chromium and the built site are here; otherwise skipped with the reason printed. */
export function describeBrowser(name: string, body: () => void): void {
  if (skipReason) {
    describe.skip(`${name} (skipped: ${skipReason})`, body);
    return;
  }
  describe(name, body);
}

export interface BrowserSuite {
  app: TestApp;
  org: TestOrganization;
  browser: Browser;
  /** The organization's admin through the API, for arranging data. */
  admin: TestClient;
  /** A new browser context (its own cookies and storage) signed in as this person, on `path`. */
  signedIn(person: TestPerson, path?: string, context?: BrowserContext): Promise<Page>;
  /** The same person's API client (cookie session), to arrange or check data. */
  apiAs(person: TestPerson): Promise<TestClient>;
  /** A full-page screenshot into test-results/ (git-ignored). */
  screenshot(page: Page, name: string): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One app, one organization and one Chromium per test file; closed after it. Read inside tests only. */
export function useBrowserSuite(options: TestAppOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (skipReason) return;
    const port = await freePort();
    suite.app = await startTestApp({
      ...options,
      port,
      env: { PUBLIC_URL: `http://127.0.0.1:${port}`, PUSH_ALLOW_LOOPBACK_HTTP: '1', ...options.env },
    });
    suite.org = await buildOrganization(suite.app.database.db);
    suite.admin = await signInApi(suite.app.url, suite.org.admin);
    suite.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    suite.signedIn = async (person, target = '/', given) => {
      const context = given ?? (await suite.browser.newContext({ baseURL: suite.app.url }));
      if (!given) contexts.push(context);
      const page = await context.newPage();
      await page.goto(`/login?next=${encodeURIComponent(target)}`);
      await page.getByLabel('Email').fill(person.email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname + url.search === target);
      return page;
    };
    suite.apiAs = (person) => signInApi(suite.app.url, person);
    suite.screenshot = async (page, name) => {
      await mkdir(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
    };
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}
