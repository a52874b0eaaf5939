/**
 * The `closer` process itself, started as `npm start` starts it, on its embedded database whatever the
 * test run's database is: not a database suite, so CI runs it once (the database suites run twice).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './test/wait.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));
const dataDirs: string[] = [];

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  // `closer-source` resolves workspace packages to their TypeScript sources: no build needed to test.
  const child = spawn(process.execPath, ['--conditions=closer-source', '--import', 'tsx', mainFile], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * How long a start may take: a first start on the embedded database runs PGlite's initdb (about 7 s on
 * an idle machine) and the migrations, and CI runs this beside other test files.
 */
const START_MS = 120_000;
/** A whole test of this file: two starts and what is done between them. */
const TEST_MS = 3 * START_MS;

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterAll(async () => {
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the closer process', () => {
  it('stops at start with one line naming a bad setting', async () => {
    const { child, output } = startMain({ PORT: 'eighty', CLOSER_DATA_DIR: '/nonexistent' });
    expect(await exitOf(child)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^closer: Invalid configuration: PORT /);
  });

  it(
    'serves health on the embedded database and stops cleanly on SIGTERM',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-main-'));
      dataDirs.push(dataDir);
      const { child, output } = startMain({ CLOSER_DATA_DIR: dataDir });
      const exited = exitOf(child);
      const url = await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1], START_MS);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      // First start on the embedded database: a demo organization whose printed logins work.
      const logins = [...output().matchAll(/^ {2}(.+?) +(\S+@\S+) +(\S+)$/gm)].map(
        ([, role, email, password]) => ({
          role: role!.trim(),
          email: email!,
          password: password!,
        }),
      );
      expect(logins.map((login) => login.role)).toEqual([
        'Super Admin',
        'Org Admin',
        'Team Manager',
        'Sales Rep',
        'Sales Rep',
      ]);
      for (const login of logins) {
        const response = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: login.email, password: login.password }),
        });
        expect({ email: login.email, status: response.status }).toEqual({ email: login.email, status: 200 });
      }
      const stoppingAt = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stoppingAt).toBeLessThan(10_000);
      expect(output()).toContain('"msg":"stopped"');

      // A second start on the same data prints no logins again.
      const again = startMain({ CLOSER_DATA_DIR: dataDir });
      const exitedAgain = exitOf(again.child);
      await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(again.output())?.[1], START_MS);
      expect(again.output()).not.toContain('demo organization');
      again.child.kill('SIGTERM');
      expect(await exitedAgain).toBe(0);
    },
    TEST_MS,
  );

  it(
    'creates the configured super admin instead of a demo organization',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'closer-main-'));
      dataDirs.push(dataDir);
      const { child, output } = startMain({
        CLOSER_DATA_DIR: dataDir,
        CLOSER_ADMIN_EMAIL: 'Root@Example.test',
        CLOSER_ADMIN_PASSWORD: 'a long admin password',
      });
      const exited = exitOf(child);
      const url = await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(output())?.[1], START_MS);
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.test', password: 'a long admin password' }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { permissions: string[] }).permissions).toContain(
        'platform.manage_subscriptions',
      );
      expect(output()).not.toContain('demo organization');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    TEST_MS,
  );
});
