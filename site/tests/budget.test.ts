import { existsSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { BUDGET_BYTES, pageSizes } from '../scripts/sizes.mjs';
import { SITE_DIST } from './browser.js';

const built = existsSync(SITE_DIST);

(built ? describe : describe.skip)(
  `the JavaScript budget${built ? '' : ' (skipped: the site is not built)'}`,
  () => {
    test('every page loads under 100 KB of gzipped JavaScript before it can be used', () => {
      const sizes = pageSizes(SITE_DIST);
      expect(sizes.map((row) => row.page)).toEqual(expect.arrayContaining(['index', 'login', 'admin/roles']));
      const over = sizes
        .filter((row) => row.bytes > BUDGET_BYTES)
        .map((row) => `${row.page}: ${row.bytes} bytes`);
      expect(over).toEqual([]);
    });

    test('the measure counts what a page imports: the dashboard loads more than the sign-in page', () => {
      const sizes = new Map(pageSizes(SITE_DIST).map((row) => [row.page, row.bytes]));
      expect(sizes.get('index')).toBeGreaterThan(sizes.get('login') ?? Infinity);
    });
  },
);
