/** Driving imports over HTTP in tests: a form, start, wait until it settles, the error report. */
import { expect } from '@jest/globals';
import { json, type TestClient } from '../../test/http-client.js';

export interface ImportView {
  id: string;
  status: string;
  dryRun: boolean;
  counts: { read: number; created: number; updated: number; skipped: number; failed: number; errors: number };
  progress: { percent: number; rowsDone: number; rowsTotal: number | null };
  error: string | null;
  mapping: Record<string, string>;
}

/** A form for `POST /imports` (or the preview) with a CSV and text fields. */
export function importForm(
  csv: string | Uint8Array,
  fields: Record<string, string>,
  fileName = 'data.csv',
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
  return form;
}

/** The logs of the app under test, for failure messages. */
let appLogs: Record<string, unknown>[] = [];

/** Polls an import until it leaves `queued`/`running`/`undoing`. */
export async function settled(client: TestClient, id: string, logs = appLogs): Promise<ImportView> {
  // Generous: a dataset of thousands of rows on a loaded CI machine takes a while; polling stops early.
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const job = await json<ImportView>(await client.get(`/api/v1/imports/${id}`));
    if (!['queued', 'running', 'undoing'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not settle: ${lastError(logs)}`);
}

/** The app's last logged error, to say why an import did not settle. */
export function lastError(logs: Record<string, unknown>[]): string {
  return JSON.stringify(logs.filter((line) => line.err).at(-1)?.err ?? null).slice(0, 1500);
}

export async function startImport(client: TestClient, csv: string, fields: Record<string, string>) {
  const response = await client.post('/api/v1/imports', importForm(csv, fields));
  if (response.status !== 202) throw new Error(`${response.status}: ${await response.text()}`);
  return json<ImportView>(response);
}

export async function runToEnd(client: TestClient, csv: string, fields: Record<string, string>) {
  return settled(client, (await startImport(client, csv, fields)).id);
}

/** The error report, parsed (it is simple CSV: no line breaks in our messages). */
export async function report(client: TestClient, id: string): Promise<string[][]> {
  const response = await client.get(`/api/v1/imports/${id}/errors.csv`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  const text = (await response.text()).replace(/^\ufeff/, '');
  return text
    .trim()
    .split('\r\n')
    .map((line) =>
      line
        .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
        .map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')),
    )
    .map((cells) => cells.slice(0, 4));
}

/** Where `settled` reads the app's logs from when an import does not settle. */
export function useLogs(logs: Record<string, unknown>[]): void {
  appLogs = logs;
}
