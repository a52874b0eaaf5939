/**
 * Real files others wrote: the Maven CRM dataset (accounts, a sales pipeline with outcomes, sales
 * agents) and Salesforce Data Loader exports, imported over HTTP as a person would, with the quirks
 * each carries reported by line and column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import { queryRows } from '../../core/db/database.js';
import { memberships, users } from '../../core/db/schema.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { importForm, settled } from './imports.test-helpers.js';

const testdata = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url));
const maven = join(testdata, 'crm-datasets/maven-crm-sales-opportunities');
const salesforce = join(testdata, 'crm-exports/salesforce-dataloader/samples');

/** Rows of a CSV we trust to be simple (no quoted commas): the test's own reading of the expectation. */
function simpleRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line): Record<string, string> =>
    Object.fromEntries(line.split(',').map((value, index): [string, string] => [names[index]!, value])),
  );
}

interface Report {
  lines: string[][];
  byMessage(pattern: RegExp): string[][];
}

describe('imports of real files', () => {
  if (!existsSync(maven) || !existsSync(salesforce)) {
    it.skip(`needs ${maven} and ${salesforce} (../shared/testdata), absent in this checkout`, () =>
      undefined);
    return;
  }
  const suite = useOrganizationApp({ organizationName: 'Maven Corp' });
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));

  async function importFile(path: string, fields: Record<string, string>) {
    const response = await suite.admin.post('/api/v1/imports', importForm(readFileSync(path), fields));
    if (response.status !== 202) throw new Error(`${response.status}: ${await response.text()}`);
    return settled(suite.admin, (await json<{ id: string }>(response)).id);
  }

  async function report(id: string): Promise<Report> {
    const text = (await (await suite.admin.get(`/api/v1/imports/${id}/errors.csv`)).text()).replace(
      /^\ufeff/,
      '',
    );
    const lines = text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) =>
        line
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
          .map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
          .slice(0, 4),
      );
    return { lines, byMessage: (pattern) => lines.filter((cells) => pattern.test(cells[3] ?? '')) };
  }

  it('imports the Maven CRM dataset: accounts, then deals with their outcomes owned by the sales agents', async () => {
    // The sales agents have no emails in the file, so it cannot invite them: that is refused, naming the field.
    const agents = simpleRows(join(maven, 'sales_teams.csv'));
    const usersFile = await suite.admin.post(
      '/api/v1/imports',
      importForm(readFileSync(join(maven, 'sales_teams.csv')), { type: 'users' }),
    );
    expect(usersFile.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(usersFile)).errors.map((e) => e.path)).toContain(
      'body.mapping.email',
    );
    // So the organization has them as members already (as after accepting invitations), by name.
    await suite.app.database.db.transaction({ tenantId: suite.org.tenantId, platform: true }, async (tx) => {
      for (const agent of agents) {
        const id = newId();
        const slug = agent.sales_agent!.toLowerCase().replace(/[^a-z]+/g, '.');
        await tx.insert(users).values({ id, email: `${slug}@maven.test`, name: agent.sales_agent! });
        await tx
          .insert(memberships)
          .values({ tenantId: suite.org.tenantId, userId: id, roleId: suite.org.roles.sales_rep.id });
      }
    });
    // The pipeline the dataset's stages belong to, and its products as a custom field.
    const pipeline = await suite.admin.post('/api/v1/pipelines', {
      name: 'Maven',
      stages: [
        { name: 'Prospecting', kind: 'open', probability: 10 },
        { name: 'Engaging', kind: 'open', probability: 40 },
        { name: 'Won', kind: 'won', probability: 100 },
        { name: 'Lost', kind: 'lost', probability: 0 },
      ],
    });
    expect(pipeline.status).toBe(201);
    const products = simpleRows(join(maven, 'products.csv')).map((row) => row.product!);
    const field = await suite.admin.post('/api/v1/custom-fields', {
      object: 'opportunity',
      key: 'product',
      label: 'Product',
      type: 'enum',
      options: products,
    });
    expect(field.status).toBe(201);

    // Accounts: revenue is in millions in this dataset, so it stays unmapped.
    const accounts = await importFile(join(maven, 'accounts.csv'), {
      type: 'customers',
      mapping: JSON.stringify({
        name: 'account',
        industry: 'sector',
        employees: 'employees',
        country: 'office_location',
      }),
    });
    expect(accounts).toMatchObject({ status: 'completed', counts: { read: 85, created: 85, failed: 0 } });
    const accountReport = await report(accounts.id);
    expect(accountReport.byMessage(/read "technolgy" as "technology"/)).toHaveLength(12);
    expect(accountReport.byMessage(/Philipines/)).toHaveLength(1);
    const [acme] = await inDb<{ industry: string; country: string; size_band: string }>(
      sql`select industry, country, size_band from customers where name = 'Acme Corporation'`,
    );
    expect(acme).toEqual({ industry: 'software', country: 'US', size_band: '1001-5000' });

    // Deals, with the suggested mapping, into the Maven pipeline.
    const pipelineRows = simpleRows(join(maven, 'sales_pipeline.csv'));
    const withoutAccount = pipelineRows.filter((row) => row.account === '');
    const deals = await importFile(join(maven, 'sales_pipeline.csv'), {
      type: 'opportunities',
      pipeline: 'Maven',
    });
    expect(deals).toMatchObject({
      status: 'completed',
      counts: { read: 8800, created: 8800 - withoutAccount.length, failed: withoutAccount.length },
    });
    const dealReport = await report(deals.id);
    const noCustomer = dealReport.byMessage(/names no customer/);
    expect(noCustomer).toHaveLength(withoutAccount.length);
    expect(noCustomer[0]![0]).toBe(String(pipelineRows.indexOf(withoutAccount[0]!) + 2));
    const gtxPro = pipelineRows.filter((row) => row.product === 'GTXPro' && row.account !== '').length;
    expect(dealReport.byMessage(/read "GTXPro" as "GTX Pro"/)).toHaveLength(gtxPro);

    const outcomes = await inDb<{ status: string; n: number; closed: number; histories: number }>(
      sql`select o.status, count(*)::int as n, count(o.closed_at)::int as closed,
                 sum((select count(*) from opportunity_stage_history h where h.opportunity_id = o.id))::int as histories
            from opportunities o where o.import_id = ${deals.id} group by o.status order by o.status`,
    );
    const expected = (stage: string) =>
      pipelineRows.filter((row) => row.account !== '' && row.deal_stage === stage).length;
    const open = expected('Prospecting') + expected('Engaging');
    expect(outcomes).toEqual([
      { status: 'lost', n: expected('Lost'), closed: expected('Lost'), histories: 2 * expected('Lost') },
      { status: 'open', n: open, closed: 0, histories: open },
      { status: 'won', n: expected('Won'), closed: expected('Won'), histories: 2 * expected('Won') },
    ]);
    // A won deal as history: engaged, won on its close date, for its close value, owned by its agent.
    const sample = pipelineRows.find((row) => row.deal_stage === 'Won' && row.account !== '')!;
    const [deal] = await inDb<{
      amount: string;
      closed: string;
      created: string;
      owner: string;
      product: string;
    }>(
      sql`select o.amount, to_char(o.closed_at at time zone 'UTC', 'YYYY-MM-DD') as closed,
                 to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD') as created, u.name as owner,
                 o.custom_fields->>'product' as product
            from opportunities o join users u on u.id = o.owner_id where o.external_id = ${sample.opportunity_id!}`,
    );
    expect(deal).toEqual({
      amount: `${sample.close_value}.00`,
      closed: sample.close_date,
      created: sample.engage_date,
      owner: sample.sales_agent,
      product: sample.product === 'GTXPro' ? 'GTX Pro' : sample.product,
    });
  }, 240_000);

  it('imports Salesforce Data Loader exports of accounts and opportunities through the Salesforce preset', async () => {
    const preview = await suite.admin.post(
      '/api/v1/imports/preview',
      importForm(readFileSync(join(salesforce, 'accountData.csv')), { type: 'customers' }),
    );
    const shown = await json<{ preset: string; encoding: string; suggestedMapping: Record<string, string> }>(
      preview,
    );
    expect(shown).toMatchObject({ preset: 'salesforce', encoding: 'windows-1252' });
    expect(shown.suggestedMapping).toMatchObject({ externalId: 'ID', name: 'NAME' });

    const accounts = await importFile(join(salesforce, 'accountData.csv'), { type: 'customers' });
    const notes = await report(accounts.id);
    // Notes only: owners are Salesforce ids, and two industries Closer does not have read as "other".
    expect(notes.lines.filter((cells) => !cells[3]!.startsWith('Note: '))).toEqual([]);
    expect(notes.byMessage(/read "Aerospace & Defense" as "other"/).map((cells) => cells[0])).toEqual([
      '420',
    ]);
    expect(accounts).toMatchObject({ status: 'completed', counts: { read: 423, created: 423, failed: 0 } });
    expect(notes.byMessage(/Salesforce user id/).length).toBe(423);

    const stages = [
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
    ];
    const created = await suite.admin.post('/api/v1/pipelines', {
      name: 'Salesforce',
      stages: [
        ...stages.map((name, index) => ({ name, kind: 'open', probability: 10 + index * 10 })),
        { name: 'Closed Won', kind: 'won', probability: 100 },
        { name: 'Closed Lost', kind: 'lost', probability: 0 },
      ],
    });
    expect(created.status).toBe(201);
    const deals = await importFile(join(salesforce, 'opportunityData.csv'), {
      type: 'opportunities',
      pipeline: 'Salesforce',
    });
    expect(deals).toMatchObject({ status: 'completed', counts: { read: 38, created: 38, failed: 0 } });
    const [george] = await inDb<{
      status: string;
      amount: string;
      customer: string;
      probability: number | null;
    }>(
      sql`select o.status, o.amount, c.name as customer, o.probability_override as probability
            from opportunities o join customers c on c.id = o.customer_id where o.external_id = '006x0000001YtCrAAK'`,
    );
    expect(george).toMatchObject({ status: 'won', amount: '500000.00', probability: 100 });
    // The same export again: every row is found by its Salesforce id, nothing is created twice.
    const again = await importFile(join(salesforce, 'opportunityData.csv'), {
      type: 'opportunities',
      pipeline: 'Salesforce',
    });
    expect(again.counts).toMatchObject({ created: 0, skipped: 38 });
  }, 240_000);
});
