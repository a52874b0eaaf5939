import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from './pglite.js';

describe('the embedded database folder', () => {
  it('is claimed by one process at a time, and free again once closed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'closer-pglite-'));
    const dataDir = path.join(root, 'pgdata');
    try {
      const first = await openPglite(dataDir);
      // A lock naming another living process (the test runner's parent) refuses the folder with a sentence.
      await writeFile(`${dataDir}.lock`, String(process.ppid));
      await expect(openPglite(dataDir)).rejects.toThrow(
        `the embedded database in ${dataDir} is in use by process ${process.ppid}`,
      );
      await writeFile(`${dataDir}.lock`, String(process.pid));
      await first.close();
      await expect(readFile(`${dataDir}.lock`, 'utf8')).rejects.toThrow();

      // A lock left by a process that has gone is taken over.
      await writeFile(`${dataDir}.lock`, '2147483646');
      const again = await openPglite(dataDir);
      expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
      await again.ping();
      await again.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
