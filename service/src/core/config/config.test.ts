import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with no settings at all: embedded database, port 3000, every role', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\.closer$/);
    expect([...config.roles]).toEqual(['api', 'worker', 'scheduler']);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('parses roles, sizes and URLs', () => {
    const config = loadConfig({
      CLOSER_ROLES: 'api, worker',
      BODY_LIMIT: '256kb',
      DATABASE_URL: 'postgres://closer@db:5432/closer',
      PORT: '8080',
    });
    expect([...config.roles]).toEqual(['api', 'worker']);
    expect(config.bodyLimitBytes).toBe(256 * 1024);
    expect(config.databaseUrl).toBe('postgres://closer@db:5432/closer');
    expect(config.port).toBe(8080);
  });

  it('names every bad variable in one message', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CLOSER_ROLES: 'api,web' });
    expect(problems.some((problem) => problem.startsWith('PORT '))).toBe(true);
    expect(
      problems.some((problem) => problem.startsWith('DATABASE_URL ') && problem.includes('postgres://')),
    ).toBe(true);
    expect(problems.some((problem) => problem.startsWith('CLOSER_ROLES'))).toBe(true);
  });

  it('refuses an out-of-range port and a malformed body limit', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT /);
    expect(problemsOf({ BODY_LIMIT: 'lots' })[0]).toMatch(/^BODY_LIMIT must look like 512kb, 1mb or 2gb/);
  });

  it('requires DATABASE_URL when DATABASE_APP_URL is given', () => {
    expect(problemsOf({ DATABASE_APP_URL: 'postgres://closer_app@db/closer' })[0]).toMatch(
      /DATABASE_APP_URL/,
    );
  });
});

describe('first-start accounts', () => {
  it('seeds a demo on the embedded database when no admin is configured, unless CLOSER_DEMO=0', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ CLOSER_DEMO: '0' }).demo).toBe(false);
  });

  it('never seeds a demo on a server database unless CLOSER_DEMO=1', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/closer' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/closer', CLOSER_DEMO: '1' }).demo).toBe(true);
  });

  it('creates the configured admin instead, and needs email and password together', () => {
    const config = loadConfig({
      CLOSER_ADMIN_EMAIL: 'Root@Example.test',
      CLOSER_ADMIN_PASSWORD: 'long enough pw',
    });
    expect(config).toMatchObject({ demo: false, admin: { email: 'root@example.test' } });
    expect(problemsOf({ CLOSER_ADMIN_EMAIL: 'root@example.test' })[0]).toMatch(/together/);
    expect(
      problemsOf({ CLOSER_ADMIN_EMAIL: 'root@example.test', CLOSER_ADMIN_PASSWORD: 'short' })[0],
    ).toMatch(/^CLOSER_ADMIN_PASSWORD must be at least 10/);
  });
});
