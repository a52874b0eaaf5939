import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { textArrayParam } from '../../core/db/bulk-insert.js';
import { queryRows } from '../../core/db/database.js';
import { signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { importForm, report, runToEnd, settled, useLogs } from './imports.test-helpers.js';
import { useOrganizationApp } from '../../test/suite.js';

describe('imports', () => {
  const suite = useOrganizationApp({ organizationName: 'Import Corp', env: { IMPORT_BATCH_ROWS: '100' } });
  beforeAll(() => useLogs(suite.app.logs));
  const customersNamed = (names: string[]) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      queryRows<{
        name: string;
        domains: string[];
        industry: string | null;
        owner_id: string;
        import_line: number | null;
        deleted_at: Date | null;
        annual_revenue: string | null;
        size_band: string | null;
        country: string | null;
      }>(
        tx,
        sql`select name, domains, industry, owner_id, import_line, deleted_at, annual_revenue, size_band, country
              from customers where name = any(${textArrayParam(names)}) order by name`,
      ),
    );

  it('suggests a mapping for a HubSpot export and shows the first rows', async () => {
    const csv =
      'Record ID,Company name,Company Domain Name,Industry,Company owner\n1,Acme,acme.com,Technology,x@y.z\n';
    const response = await suite.admin.post(
      '/api/v1/imports/preview',
      importForm(csv, { type: 'customers' }),
    );
    expect(response.status).toBe(200);
    const preview = await json<{
      headers: string[];
      suggestedMapping: Record<string, string>;
      sampleRows: { line: number; values: string[] }[];
      encoding: string;
      delimiter: string;
    }>(response);
    expect(preview.headers).toEqual([
      'Record ID',
      'Company name',
      'Company Domain Name',
      'Industry',
      'Company owner',
    ]);
    expect(preview.suggestedMapping).toMatchObject({
      name: 'Company name',
      domain: 'Company Domain Name',
      industry: 'Industry',
    });
    expect(preview.sampleRows).toEqual([
      { line: 2, values: ['1', 'Acme', 'acme.com', 'Technology', 'x@y.z'] },
    ]);
    expect(preview).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
  });

  it('refuses a workbook renamed .csv, and a mapping to a column the file lacks, naming what is wrong', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    const refused = await suite.admin.post(
      '/api/v1/imports',
      importForm(xlsx, { type: 'customers' }, 'book.csv'),
    );
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await json(refused))).toMatch(/Excel/);
    const badMapping = await suite.admin.post(
      '/api/v1/imports',
      importForm('Name\nAcme\n', { type: 'customers', mapping: JSON.stringify({ name: 'Company' }) }),
    );
    expect(badMapping.status).toBe(422);
    const problem = await json<{ errors: { path: string; message: string }[] }>(badMapping);
    expect(problem.errors).toEqual([
      { path: 'body.mapping.name', message: 'the file has no column "Company"' },
    ]);
  });

  it('imports customers, reports each bad row by line and column, and writes the good ones', async () => {
    const csv = [
      'Name,Website,Industry,Employees,Annual Revenue,Country,Owner',
      `Alpha Widgets,https://www.alpha-widgets.example/about,technolgy,250,"$1,200,000",Germany,${suite.org.admin.email}`,
      'Beta Tools,beta-tools.example,retail,12,lots,FR,',
      'Gamma Labs,gamma.example,healthcare,5000,2M,United States,nobody@nowhere.example',
      ',delta.example,retail,,,,',
    ].join('\n');
    const job = await runToEnd(suite.admin, csv, { type: 'customers' });
    expect(job).toMatchObject({ status: 'completed', counts: { read: 4, created: 1, failed: 3 } });
    const [alpha] = await customersNamed(['Alpha Widgets']);
    expect(alpha).toMatchObject({
      domains: ['alpha-widgets.example'],
      industry: 'software',
      size_band: '201-1000',
      annual_revenue: '1200000.00',
      country: 'DE',
      import_line: 2,
      owner_id: suite.org.admin.id,
    });
    const lines = await report(suite.admin, job.id);
    expect(lines[0]).toEqual(['line', 'column', 'value', 'message']);
    const byLine = (line: number) => lines.filter((cells) => cells[0] === String(line));
    expect(byLine(2)[0]).toEqual([
      '2',
      'Industry',
      'technolgy',
      expect.stringMatching(/^Note: read "technolgy"/),
    ]);
    expect(byLine(3)[0]).toEqual([
      '3',
      'Annual Revenue',
      'lots',
      expect.stringMatching(/expected an amount/),
    ]);
    expect(byLine(4)[0]).toEqual([
      '4',
      'Owner',
      'nobody@nowhere.example',
      expect.stringMatching(/no active member/),
    ]);
    expect(byLine(5)[0]).toEqual(['5', 'Name', '', expect.stringMatching(/required/)]);
  });

  it('finds duplicates in the file and in the database: skip, update, and never twice on a re-run', async () => {
    const csv = [
      'Name,Domain',
      'Echo One,echo.example',
      'Echo Again,echo.example',
      'Foxtrot,foxtrot.example',
    ].join('\n');
    const first = await runToEnd(suite.admin, csv, { type: 'customers' });
    expect(first.counts).toMatchObject({ read: 3, created: 2, skipped: 1 });
    expect((await report(suite.admin, first.id)).slice(1)).toEqual([
      ['3', 'Domain', 'echo.example', 'Skipped: the same domain echo.example as line 2 of this file'],
    ]);
    const again = await runToEnd(suite.admin, csv, { type: 'customers' });
    expect(again.counts).toMatchObject({ read: 3, created: 0, skipped: 3 });
    expect(await customersNamed(['Echo One', 'Echo Again', 'Foxtrot'])).toHaveLength(2);

    const update = ['Name,Domain,Industry', 'Echo Renamed,echo.example,energy'].join('\n');
    const updated = await runToEnd(suite.admin, update, { type: 'customers', duplicatePolicy: 'update' });
    expect(updated.counts).toMatchObject({ created: 0, updated: 1 });
    expect(await customersNamed(['Echo Renamed'])).toEqual([expect.objectContaining({ industry: 'energy' })]);

    // Undo restores the values the update replaced.
    expect((await suite.admin.post(`/api/v1/imports/${updated.id}/undo`)).status).toBe(202);
    expect(await settled(suite.admin, updated.id)).toMatchObject({ status: 'undone' });
    expect(await customersNamed(['Echo One'])).toEqual([expect.objectContaining({ industry: null })]);
  });

  it('finds customers by their keys as they are now: renamed domains, and not those in the trash', async () => {
    const created = await json<{ id: string; version: number }>(
      await suite.admin.post('/api/v1/customers', { name: 'Lima Keys', domains: ['lima-old.example'] }),
    );
    const patched = await suite.admin.patch(`/api/v1/customers/${created.id}`, {
      version: created.version,
      domains: ['lima-new.example'],
    });
    expect(patched.status).toBe(200);
    const csv = ['Name,Domain', 'Lima Old,lima-old.example', 'Lima New,lima-new.example'].join('\n');
    const job = await runToEnd(suite.admin, csv, { type: 'customers' });
    expect(job.counts).toMatchObject({ created: 1, skipped: 1 });
    expect((await report(suite.admin, job.id))[1]).toEqual([
      '3',
      'Domain',
      'lima-new.example',
      'Skipped: a customer with the domain lima-new.example exists (Lima Keys)',
    ]);
    expect((await suite.admin.delete(`/api/v1/customers/${created.id}`)).status).toBe(204);
    const again = await runToEnd(suite.admin, ['Name,Domain', 'Lima Again,lima-new.example'].join('\n'), {
      type: 'customers',
    });
    expect(again.counts).toMatchObject({ created: 1, skipped: 0 });
  });

  it('validates every row in a dry run and writes nothing', async () => {
    const csv = [
      'Name,Domain',
      'Golf Dry,golf.example',
      'Golf Dry Again,golf.example',
      'Hotel Dry,not a domain',
    ].join('\n');
    const job = await runToEnd(suite.admin, csv, { type: 'customers', dryRun: 'true' });
    expect(job).toMatchObject({
      status: 'completed',
      dryRun: true,
      counts: { created: 1, skipped: 1, failed: 1 },
    });
    expect(await customersNamed(['Golf Dry', 'Golf Dry Again', 'Hotel Dry'])).toEqual([]);
    expect((await suite.admin.post(`/api/v1/imports/${job.id}/undo`)).status).toBe(409);
  });

  it('undoes an import as a whole: its customers go to the trash', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `India ${i},india-${i}.example`);
    const job = await runToEnd(suite.admin, ['Name,Domain', ...rows].join('\n'), { type: 'customers' });
    expect(job.counts).toMatchObject({ read: 250, created: 250 });
    expect(job.progress).toMatchObject({ percent: 100, rowsDone: 250, rowsTotal: 250 });
    expect((await suite.admin.post(`/api/v1/imports/${job.id}/undo`)).status).toBe(202);
    expect(await settled(suite.admin, job.id)).toMatchObject({ status: 'undone' });
    const names = rows.map((row) => row.split(',')[0]!);
    const after = await customersNamed(names);
    expect(after).toHaveLength(250);
    expect(after.every((customer) => customer.deleted_at !== null)).toBe(true);
    expect((await suite.admin.post(`/api/v1/imports/${job.id}/undo`)).status).toBe(409);
  });

  it('lets a rep import customers that become theirs, and nothing else', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const csv = ['Name,Owner', 'Juliet Rep Co,', `Kilo Rep Co,${suite.org.admin.email}`].join('\n');
    const job = await runToEnd(rep, csv, { type: 'customers' });
    expect(job.counts).toMatchObject({ created: 1, failed: 1 });
    expect(await customersNamed(['Juliet Rep Co'])).toEqual([
      expect.objectContaining({ owner_id: suite.org.rep.id }),
    ]);
    expect((await report(rep, job.id))[1]).toEqual([
      '3',
      'Owner',
      suite.org.admin.email,
      expect.stringMatching(/only records you own/),
    ]);
    const deals = await rep.post('/api/v1/imports', importForm('Name\nDeal\n', { type: 'opportunities' }));
    expect(deals.status).toBe(403);
    // The rep sees their own imports only; the admin sees all.
    const theirs = await json<{ items: { id: string }[] }>(await rep.get('/api/v1/imports'));
    expect(theirs.items.map((item) => item.id)).toEqual([job.id]);
  });
});
