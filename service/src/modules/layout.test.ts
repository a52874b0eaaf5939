import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const modulesDir = fileURLToPath(new URL('.', import.meta.url));
const ROLES = ['tables', 'schema', 'errors', 'policy', 'repo', 'commands', 'presenter', 'routes', 'matrix'];

const domains = readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('every module has the same shape (STYLE.md, "A house you can see from the door")', () => {
  it('finds the modules', () => {
    expect(domains.length).toBeGreaterThanOrEqual(8);
  });

  it.each(domains)('modules/%s has every file of the shape', (domain) => {
    const expected = [...ROLES.map((role) => `${domain}.${role}.ts`), 'index.ts'];
    const missing = expected.filter((file) => !existsSync(`${modulesDir}${domain}/${file}`));
    expect({ folder: `service/src/modules/${domain}`, missing }).toEqual({
      folder: `service/src/modules/${domain}`,
      missing: [],
    });
  });

  it.each(domains)('modules/%s keeps no old-style service file', (domain) => {
    const leftovers = readdirSync(`${modulesDir}${domain}`).filter((file) => file.endsWith('.service.ts'));
    expect({ folder: domain, leftovers }).toEqual({ folder: domain, leftovers: [] });
  });

  it('registers every module folder in the registry (service/src/modules.ts)', async () => {
    const { MODULES } = await import('../modules.js');
    expect(MODULES.map((module) => module.name).sort()).toEqual([...domains].sort());
  });
});
