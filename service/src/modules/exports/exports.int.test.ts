import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { access } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { newId } from '../../core/db/columns.js';
import { queryRows } from '../../core/db/database.js';
import { SALES_REP_PERMISSIONS } from '../../core/identity/permissions.js';
import { decodeCsvFile, detectDelimiter, readCsvRecords } from '../../core/csv/csv-reader.js';
import {
  buildCustomRoleMember,
  buildOrganization,
  setTenantStatus,
  signIn,
  type TestOrganization,
} from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { createLogger } from '../../core/logger.js';
import { expireExports, runExport } from './export-job.js';
import { finishedExport } from './exports.matrix.js';

const silentLogger = createLogger({ level: 'silent' });

interface ExportView {
  id: string;
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  columns: string[];
  error: string | null;
  downloadUrl: string | null;
  expiresAt: string | null;
}

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

/** The rows of a CSV file as objects by header (our own reader: exact, and it knows the BOM). */
function parseCsv(bytes: Buffer): Record<string, string>[] {
  const decoded = decodeCsvFile(bytes);
  if (!('text' in decoded)) throw new Error(decoded.problem);
  const { delimiter, start } = detectDelimiter(decoded.text);
  const [header, ...rows] = readCsvRecords(decoded.text, delimiter, start).records;
  return rows.map((row) =>
    Object.fromEntries(header!.fields.map((name, index) => [name, row.fields[index] ?? ''])),
  );
}

/** The page content streams of a PDF, inflated, lower-case hex text joined (pdfkit's `<...> TJ`). */
function pdfContent(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const parts: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      parts.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
    } catch {
      // not a deflated stream (fonts are built in: there are none other)
    }
  }
  return [...parts.join('\n').matchAll(/<([0-9a-f]+)>/g)].map((hex) => hex[1]).join('');
}

describe('exports', () => {
  const suite = useOrganizationApp({ organizationName: 'Export Corp' });
  let manager: TestClient;
  let rep: TestClient;
  let repExporter: TestClient;
  let other: { org: TestOrganization; admin: TestClient };

  const db = () => suite.app.database.db;
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    db().transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));

  async function created<T>(response: Response, status = 201): Promise<T> {
    if (response.status !== status) throw new Error(`${response.status}: ${await response.text()}`);
    return json<T>(response);
  }

  /** Starts an export and waits for its job; returns its final state. */
  async function exported(client: TestClient, body: object): Promise<ExportView> {
    const started = await created<ExportView>(await client.post('/api/v1/exports', body), 202);
    return (await finishedExport(client, started.id)) as ExportView;
  }

  async function download(client: TestClient, view: ExportView): Promise<Response> {
    const response = await client.get(`/api/v1/exports/${view.id}/download`);
    expect(response.status).toBe(200);
    return response;
  }

  const csvOf = async (client: TestClient, body: object) => {
    const view = await exported(client, { format: 'csv', ...body });
    expect(view.status).toBe('completed');
    const bytes = Buffer.from(await (await download(client, view)).arrayBuffer());
    return { view, bytes, rows: parseCsv(bytes) };
  };

  beforeAll(async () => {
    manager = await signIn(suite.app.url, suite.org.manager);
    rep = await signIn(suite.app.url, suite.org.rep);
    const person = await buildCustomRoleMember(db(), suite.org, [
      ...SALES_REP_PERMISSIONS,
      'org.export_data',
    ]);
    repExporter = await signIn(suite.app.url, person);
    const customer = (body: object) => suite.admin.post('/api/v1/customers', body).then((r) => created(r));
    await customer({ name: 'Café Ñandú', industry: 'software', status: 'active', ownerId: suite.org.rep.id });
    await customer({ name: '=HYPERLINK("http://evil.test","x")', industry: 'software', status: 'active' });
    await customer({ name: '+1 555 0100 Ltd', industry: 'retail', status: 'active', ownerId: person.id });
    await customer({
      name: '@Sum Partners',
      industry: 'software',
      status: 'prospect',
      ownerId: suite.org.otherRep.id,
    });
    // Another organization, with the same names: none of its rows may ever appear here.
    const otherOrg = await buildOrganization(db(), { name: 'Other Corp' });
    other = { org: otherOrg, admin: await signIn(suite.app.url, otherOrg.admin) };
    for (const name of ['Café Ñandú', 'Other only Inc']) {
      await created(
        await other.admin.post('/api/v1/customers', { name, industry: 'software', status: 'active' }),
      );
    }
  });

  it('CSV: UTF-8 with a BOM, the chosen columns and filters, formulas neutralised', async () => {
    const { view, bytes, rows } = await csvOf(suite.admin, {
      resource: 'customers',
      filters: { industry: 'software', status: 'active' },
      columns: ['name', 'industry', 'owner.name'],
    });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(view.rowsDone).toBe(2);
    expect(view.columns).toEqual(['name', 'industry', 'owner.name']);
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ['name', 'industry', 'owner.name'],
      ['name', 'industry', 'owner.name'],
    ]);
    expect(rows.map((row) => row.name).sort()).toEqual([
      '\'=HYPERLINK("http://evil.test","x")',
      'Café Ñandú',
    ]);
    expect(rows.find((row) => row.name === 'Café Ñandú')).toEqual({
      name: 'Café Ñandú',
      industry: 'software',
      'owner.name': suite.org.rep.name,
    });
  });

  it('CSV: the default columns; `+` and `@` first are neutralised too', async () => {
    const { rows } = await csvOf(suite.admin, { resource: 'customers' });
    expect(Object.keys(rows[0]!)).toEqual([
      'name',
      'domains',
      'industry',
      'sizeBand',
      'status',
      'country',
      'owner.name',
      'createdAt',
    ]);
    const names = rows.map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(["'+1 555 0100 Ltd", "'@Sum Partners"]));
    expect(names).not.toContain('Other only Inc');
  });

  it('XLSX: opens with exceljs; header row, values, neutralised formula text', async () => {
    const view = await exported(suite.admin, {
      resource: 'customers',
      format: 'xlsx',
      filters: { industry: 'software' },
      columns: ['name', 'status'],
    });
    expect(view.status).toBe('completed');
    const response = await download(suite.admin, view);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d\d-\d\d\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(['name', 'status']);
    expect(values.slice(1).sort()).toEqual(
      [
        ['\'=HYPERLINK("http://evil.test","x")', 'active'],
        ["'@Sum Partners", 'prospect'],
        ['Café Ñandú', 'active'],
      ].sort(),
    );
  });

  it('PDF: a %PDF file titled with the list', async () => {
    const view = await exported(suite.admin, { resource: 'customers', format: 'pdf' });
    expect(view.status).toBe('completed');
    const response = await download(suite.admin, view);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('(Customers)'); // the document's Title
    // The page shows it too (pdfkit writes Helvetica text as hex codes in deflated content streams).
    const shown = pdfContent(bytes);
    for (const text of ['Customers', 'Filters: none', 'Page 1', 'owner.name']) {
      expect(shown).toContain(Buffer.from(text, 'latin1').toString('hex'));
    }
  });

  it('exports exactly what each caller lists: the rep-scoped exporter, the manager, the admin', async () => {
    for (const client of [repExporter, manager, suite.admin]) {
      const { rows } = await csvOf(client, { resource: 'customers', columns: ['id', 'name'] });
      const listed = await json<{ items: { id: string }[] }>(await client.get('/api/v1/customers?limit=200'));
      expect(rows.map((row) => row.id).sort()).toEqual(listed.items.map((item) => item.id).sort());
    }
    const mine = await csvOf(repExporter, { resource: 'customers', columns: ['name'] });
    expect(mine.rows).toEqual([{ name: "'+1 555 0100 Ltd" }]);
  });

  it("never another organization's rows", async () => {
    const { rows } = await csvOf(other.admin, { resource: 'customers', columns: ['id', 'name'] });
    expect(rows.map((row) => row.name).sort()).toEqual(['Café Ñandú', 'Other only Inc']);
    const ours = await inDb<{ id: string }>(sql`select id from customers`);
    expect(rows.map((row) => row.id)).not.toEqual(expect.arrayContaining([ours[0]!.id]));
    for (const { id } of ours) expect(rows.map((row) => row.id)).not.toContain(id);
  });

  it("never someone else's private task; rows_total counted first", async () => {
    const task = await created<{ id: string }>(
      await manager.post('/api/v1/tasks', {
        title: 'Private salary review',
        visibility: 'private',
        assigneeIds: [suite.org.rep.id],
      }),
    );
    await created(
      await suite.admin.post('/api/v1/tasks', { title: 'Team task', assigneeIds: [suite.org.rep.id] }),
    );
    const admin = await csvOf(suite.admin, { resource: 'tasks', columns: ['id', 'title'] });
    expect(admin.rows.map((row) => row.id)).not.toContain(task.id);
    expect(admin.rows.map((row) => row.title)).toContain('Team task');
    expect(admin.view.rowsTotal).toBe(admin.rows.length);
    const managers = await csvOf(manager, { resource: 'tasks', columns: ['id', 'title'] });
    expect(managers.rows.map((row) => row.id)).toContain(task.id);
  });

  it('progress: rows_done per page and export.progress / export.completed events for the creator', async () => {
    const view = await exported(suite.admin, { resource: 'customers', format: 'csv' });
    const events = await inDb<{ name: string; payload: Record<string, unknown> }>(
      sql`select name, payload from domain_events where stream_id = ${view.id} order by position`,
    );
    expect(events.map((event) => event.name)).toEqual([
      'export.progress', // running
      'export.progress', // the one page
      'export.progress', // completed
      'export.completed',
    ]);
    expect(events.at(-1)!.payload).toEqual({
      exportId: view.id,
      userId: suite.org.admin.id,
      rowsDone: view.rowsDone,
      rowsTotal: null,
      status: 'completed',
    });
  });

  it('refuses unknown columns and filters by path, paging in filters, and callers without the permission', async () => {
    const bad = await suite.admin.post('/api/v1/exports', {
      resource: 'customers',
      format: 'csv',
      columns: ['name', 'nope'],
      filters: { status: 'dormant', limit: '5' },
    });
    expect(bad.status).toBe(422);
    const paths = (await json<Problem>(bad)).errors!.map((error) => error.path).sort();
    expect(paths).toEqual(['body.columns.1', 'body.filters.limit', 'body.filters.status']);
    expect((await rep.post('/api/v1/exports', { resource: 'customers', format: 'csv' })).status).toBe(403);
    expect((await rep.get('/api/v1/exports')).status).toBe(403);
  });

  it("someone else's export is a 404 (not 403); the list holds only one's own, newest first", async () => {
    const view = await exported(suite.admin, { resource: 'customers', format: 'csv' });
    expect((await manager.get(`/api/v1/exports/${view.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/exports/${view.id}/download`)).status).toBe(404);
    expect((await other.admin.get(`/api/v1/exports/${view.id}`)).status).toBe(404);
    const list = await json<{ items: { id: string }[] }>(await suite.admin.get('/api/v1/exports'));
    expect(list.items[0]!.id).toBe(view.id);
    const managers = await json<{ items: { id: string }[] }>(await manager.get('/api/v1/exports'));
    expect(managers.items.map((item) => item.id)).not.toContain(view.id);
  });

  it('the signed link downloads without a session until it expires (410), and a forged one is a 404', async () => {
    const view = await exported(suite.admin, { resource: 'customers', format: 'csv' });
    const url = new URL(view.downloadUrl!);
    const anonymous = new TestClient(suite.app.url);
    const fetched = await anonymous.get(`${url.pathname}${url.search}`);
    expect(fetched.status).toBe(200);
    expect(parseCsv(Buffer.from(await fetched.arrayBuffer())).length).toBe(view.rowsDone);
    const token = url.searchParams.get('token')!;
    const [tenant, expires, signature] = token.split('.');
    const forged = `${tenant}.${Number(expires) + 3600}.${signature}`;
    expect((await anonymous.get(`${url.pathname}?token=${forged}`)).status).toBe(404);
    // Someone else's tenant in the token does not open this export either.
    const elsewhere = `${other.org.tenantId}.${expires}.${signature}`;
    expect((await anonymous.get(`${url.pathname}?token=${elsewhere}`)).status).toBe(404);

    await inDb(sql`update exports set expires_at = now() - interval '1 minute' where id = ${view.id}`);
    const expired = await anonymous.get(`${url.pathname}?token=${encodeURIComponent(token)}`);
    // The token carries its own expiry (still ahead); the file's has passed: gone either way.
    expect(expired.status).toBe(410);
    expect((await json<Problem>(expired)).code).toBe('export_link_expired');
    expect((await suite.admin.get(`/api/v1/exports/${view.id}/download`)).status).toBe(410);
  });

  it('the expiry schedule deletes files past their expiry and marks them expired', async () => {
    const view = await exported(suite.admin, { resource: 'customers', format: 'csv' });
    const [row] = await inDb<{ file_path: string }>(sql`select file_path from exports where id = ${view.id}`);
    await access(row!.file_path);
    await inDb(sql`update exports set expires_at = now() - interval '1 minute' where id = ${view.id}`);
    expect(await expireExports({ db: db() })).toBeGreaterThanOrEqual(1);
    await expect(access(row!.file_path)).rejects.toThrow();
    const after = await json<ExportView>(await suite.admin.get(`/api/v1/exports/${view.id}`));
    expect(after).toMatchObject({ status: 'expired', downloadUrl: null, expiresAt: null });
    expect((await suite.admin.get(`/api/v1/exports/${view.id}/download`)).status).toBe(410);
  });

  it('a PDF over its row limit fails with a reason a person can act on, and leaves no file', async () => {
    // An export row without a queued job, run here with a configuration whose PDF limit is one row.
    const [row] = await inDb<{ id: string }>(
      sql`insert into exports (tenant_id, id, resource, format, columns, created_by)
          values (${suite.org.tenantId}, ${newId()}, 'customers', 'pdf', array['name'], ${suite.org.admin.id}) returning id`,
    );
    const config = suite.app.config;
    await runExport(
      {
        db: db(),
        config: { ...config, exports: { ...config.exports, pdfMaxRows: 1 } },
        logger: silentLogger,
      },
      { tenantId: suite.org.tenantId, exportId: row!.id },
    );
    const view = await json<ExportView>(await suite.admin.get(`/api/v1/exports/${row!.id}`));
    expect(view).toMatchObject({ status: 'failed', downloadUrl: null });
    expect(view.error).toMatch(/at most 1 rows; export this list as CSV or XLSX/);
    const [file] = await inDb<{ file_path: string | null }>(
      sql`select file_path from exports where id = ${row!.id}`,
    );
    expect(file!.file_path).toBeNull();
  });

  it("a suspended organization's links stop working", async () => {
    const view = await exported(other.admin, { resource: 'customers', format: 'csv' });
    const url = new URL(view.downloadUrl!);
    const anonymous = new TestClient(suite.app.url);
    expect((await anonymous.get(`${url.pathname}${url.search}`)).status).toBe(200);
    await setTenantStatus(db(), other.org.tenantId, 'suspended');
    const refused = await anonymous.get(`${url.pathname}${url.search}`);
    expect(refused.status).toBe(403);
    expect((await json<Problem>(refused)).code).toBe('tenant_suspended');
  });
});
