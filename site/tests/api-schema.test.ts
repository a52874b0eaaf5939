import { readFile } from 'node:fs/promises';
import { expect, test } from '@jest/globals';
import { apiSchemaSource, SCHEMA_FILE } from '../scripts/api-schema.js';

test("the dashboard's API types match the service's routes (else: npm run api-schema -w site)", async () => {
  const committed = await readFile(SCHEMA_FILE, 'utf8');
  const generated = await apiSchemaSource();
  expect(generated.length).toBeGreaterThan(100_000);
  expect(committed === generated).toBe(true);
});
