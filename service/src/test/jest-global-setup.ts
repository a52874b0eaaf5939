/**
 * Jest `globalSetup` (jest.config.js). Names, for this run, the migrated template database (PostgreSQL)
 * and the directory of the migrated snapshot (PGlite) that `createTestDatabase()` copies for each test
 * file. The first test file that needs one builds it (test-database.ts), so a run without database tests
 * pays nothing. Also drops what crashed runs left behind; `jest-global-teardown.ts` removes this run's.
 *
 * Jest loads this file itself, without the module name mapper: import only packages and `node:` modules.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Name of this run's template database; unset means every test file migrates its own database. */
export const TEMPLATE_DB_ENV = 'CLOSER_TEST_TEMPLATE_DB';
/** This run's scratch directory (the PGlite snapshot); unset means every test file migrates. */
export const RUN_DIR_ENV = 'CLOSER_TEST_RUN_DIR';

const RUN_DIR_PREFIX = 'closer-test-run-';
/** Databases and directories of crashed runs are dropped once they are this old. */
const LEFTOVER_AGE_MS = 6 * 60 * 60 * 1000;

/** The server tests run against: TEST_DATABASE_URL (never DATABASE_URL: tests create and drop databases). */
export function testServerUrl(): string | undefined {
  if (process.env.CLOSER_TEST_DB === 'pglite') return undefined;
  return process.env.TEST_DATABASE_URL || undefined;
}

/** `closer_<kind>_<creation time in base 36>_<random>`: the time tells later runs what crashed runs left. */
export function testDatabaseName(kind: 'test' | 'tpl'): string {
  return `closer_${kind}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The same server URL with another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connects to the server as TEST_DATABASE_URL's user, runs `work`, disconnects. */
export async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Template databases and the build database under way; names from a fixed alphabet, safe to inline. */
export function templateDatabases(template: string): { template: string; build: string } {
  return { template, build: `${template}_build` };
}

async function dropLeftoverDatabases(serverUrl: string): Promise<void> {
  await withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ name: string; created: string }>(
      `select datname as name, substring(datname from '^closer_(?:test|tpl)_([0-9a-z]+)_') as created
       from pg_database where datname ~ '^closer_(test|tpl)_[0-9a-z]+_[0-9a-f]+(_build)?$'`,
    );
    for (const { name, created } of rows) {
      if (Date.now() - parseInt(created, 36) < LEFTOVER_AGE_MS) continue;
      await client.query(`drop database if exists ${name} with (force)`);
    }
  });
}

async function removeLeftoverRunDirs(): Promise<void> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const dir = path.join(tmpdir(), entry);
    const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs >= LEFTOVER_AGE_MS) await rm(dir, { recursive: true, force: true });
  }
}

interface TestRun {
  teardown(): Promise<void>;
}

/**
 * The browser tests (site/tests) open the built dashboard: build it when its sources changed (a no-op
 * otherwise). Without Chromium they skip, so nothing is built.
 */
function buildSiteForBrowserTests(): void {
  const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  if (!chromium.some((candidate) => candidate && existsSync(candidate))) return;
  const script = fileURLToPath(new URL('../../../site/scripts/build.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Building the dashboard failed (exit ${result.status})`);
}

/**
 * On CI, where the parser's model cache starts cold, train the learned classifier once before the workers
 * start (about 30 s on one core), so no worker trains its own under the test runner (several times slower,
 * and once per worker that gets there first). Locally the cache is usually warm, and checking it costs two
 * seconds, so a run there trains only if a test file needs the model.
 */
function trainParserModelOnCI(): void {
  if (!process.env.CI) return;
  const script = fileURLToPath(new URL('../../../nlp/src/learned/warm.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Training the parser's classifier failed (exit ${result.status})`);
}

export default async function globalSetup(): Promise<void> {
  buildSiteForBrowserTests();
  trainParserModelOnCI();
  const serverUrl = testServerUrl();
  const runDir = await mkdtemp(path.join(tmpdir(), RUN_DIR_PREFIX));
  const template = serverUrl ? testDatabaseName('tpl') : undefined;
  process.env[RUN_DIR_ENV] = runDir;
  if (template) process.env[TEMPLATE_DB_ENV] = template;
  else delete process.env[TEMPLATE_DB_ENV];

  const run: TestRun = {
    async teardown() {
      await rm(runDir, { recursive: true, force: true });
      if (!serverUrl || !template) return;
      const { build } = templateDatabases(template);
      await withServer(serverUrl, async (client) => {
        for (const name of [template, build])
          await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
  // Jest shares globals between globalSetup and globalTeardown (and with nothing else).
  (globalThis as { closerTestRun?: TestRun }).closerTestRun = run;

  // Best effort: an unreachable server fails the database tests, with a clearer message, on their own.
  await removeLeftoverRunDirs().catch(() => undefined);
  if (serverUrl) {
    await dropLeftoverDatabases(serverUrl).catch((error: unknown) => {
      console.warn(`Could not drop databases left by crashed test runs: ${String(error)}`);
    });
  }
}
