/**
 * "No harm without signal": the engine on public CRM data others wrote, imported into a fresh
 * organization through the import API (as a customer would), then judged with a time split
 * (evaluateTimeSplit). Only what is known when a deal is engaged is mapped:
 *
 * - Maven CRM (maven-crm-sales-opportunities): accounts as customers; deals with their agent, account,
 *   product, engage date (created), close date and outcome. The amount is the product's list price from
 *   products.csv (known at engagement), never close_value (every lost deal has 0 there: a perfect leak).
 *   The file is rewritten to a temporary copy with a `list_price` column; the sales agents are added as
 *   members first (the file has no emails to invite them by).
 * - X Education leads (x-education-lead-scoring/Leads.csv): no dates at all, so leads are given one
 *   created date each in Lead Number order (an hour apart, from 2020-01-01) and a close 14 days later;
 *   Converted is the outcome and Lead Source the source. Everything else the standard fields cannot hold
 *   is left out, and with it the columns filled in after contact (Tags, Lead Quality, Last Activity, Last
 *   Notable Activity: BASELINES.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../../../core/db/columns.js';
import { memberships, users } from '../../../core/db/schema.js';
import { buildOrganization, signIn } from '../../../test/factories.js';
import { json, type TestClient } from '../../../test/http-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { openCsvFile } from '../../../core/csv/csv-stream.js';
import { loadHistory } from '../predictions.repo.js';
import { evaluateTimeSplit, type TimeSplitResult } from './time-split.js';

export const TESTDATA = fileURLToPath(
  new URL('../../../../../../shared/testdata/crm-datasets/', import.meta.url),
);
export const MAVEN = path.join(TESTDATA, 'maven-crm-sales-opportunities');
export const X_EDUCATION = path.join(TESTDATA, 'x-education-lead-scoring');

export type Log = (line: string) => void;

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const csv = await openCsvFile(file);
  const names = csv.header.fields;
  const rows: Record<string, string>[] = [];
  for await (const batch of csv.batches(5_000))
    for (const record of batch)
      rows.push(Object.fromEntries(names.map((name, index) => [name, record.fields[index] ?? ''])));
  await csv.close();
  return rows;
}

const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const toCsv = (header: string[], rows: string[][]) =>
  [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';

async function importFile(
  admin: TestClient,
  file: string,
  fields: Record<string, string>,
  log: Log,
): Promise<{ id: string; counts: Record<string, number> }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), path.basename(file));
  const response = await admin.post('/api/v1/imports', form);
  if (response.status !== 202) throw new Error(`import refused: ${response.status} ${await response.text()}`);
  const { id } = await json<{ id: string }>(response);
  for (;;) {
    const job = await json<{
      status: string;
      counts: Record<string, number>;
      progress: { percent: number };
      error: string | null;
    }>(await admin.get(`/api/v1/imports/${id}`));
    if (!['queued', 'running'].includes(job.status)) {
      if (job.status !== 'completed') throw new Error(`import ${job.status}: ${job.error}`);
      log(`  imported ${path.basename(file)}: ${JSON.stringify(job.counts)}`);
      return { id, counts: job.counts };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Organization {
  app: TestApp;
  tenantId: string;
  repRoleId: string;
  admin: TestClient;
}

async function freshOrganization(name: string): Promise<Organization> {
  const app = await startTestApp();
  const org = await buildOrganization(app.database.db, { name });
  return {
    app,
    tenantId: org.tenantId,
    repRoleId: org.roles.sales_rep.id,
    admin: await signIn(app.url, org.admin),
  };
}

async function evaluateAt(org: Organization, cuts: string[], log: Log): Promise<TimeSplitResult[]> {
  const history = await org.app.database.db.transaction({ tenantId: org.tenantId }, (tx) => loadHistory(tx));
  const results: TimeSplitResult[] = [];
  for (const cut of cuts) {
    const started = Date.now();
    const result = await evaluateTimeSplit(history, { cutoff: Date.parse(`${cut}T00:00:00Z`) });
    log(`  cut ${cut}: evaluated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    results.push(result);
  }
  return results;
}

/** Imports the Maven CRM data through the import API and evaluates the engine at its three cuts. */
export async function evaluateMaven(log: Log, cuts = ['2017-04-01', '2017-06-01', '2017-08-01']) {
  const org = await freshOrganization('Maven evaluation');
  const dir = await mkdtemp(path.join(tmpdir(), 'closer-maven-'));
  try {
    const agents = await readCsv(path.join(MAVEN, 'sales_teams.csv'));
    await org.app.database.db.transaction({ tenantId: org.tenantId, platform: true }, async (tx) => {
      for (const agent of agents) {
        const id = newId();
        const slug = agent.sales_agent!.toLowerCase().replace(/[^a-z]+/g, '.');
        await tx.insert(users).values({ id, email: `${slug}@maven.test`, name: agent.sales_agent! });
        await tx.insert(memberships).values({ tenantId: org.tenantId, userId: id, roleId: org.repRoleId });
      }
    });
    const pipeline = await org.admin.post('/api/v1/pipelines', {
      name: 'Maven',
      stages: [
        { name: 'Prospecting', kind: 'open', probability: 10 },
        { name: 'Engaging', kind: 'open', probability: 40 },
        { name: 'Won', kind: 'won', probability: 100 },
        { name: 'Lost', kind: 'lost', probability: 0 },
      ],
    });
    if (pipeline.status !== 201) throw new Error(`pipeline: ${await pipeline.text()}`);
    await importFile(
      org.admin,
      path.join(MAVEN, 'accounts.csv'),
      {
        type: 'customers',
        mapping: JSON.stringify({
          name: 'account',
          industry: 'sector',
          employees: 'employees',
          country: 'office_location',
        }),
      },
      log,
    );
    const prices = new Map(
      (await readCsv(path.join(MAVEN, 'products.csv'))).map((row) => [
        row.product!.replace(/\s+/g, ''),
        row.sales_price!,
      ]),
    );
    const deals = await readCsv(path.join(MAVEN, 'sales_pipeline.csv'));
    const file = path.join(dir, 'sales_pipeline_list_price.csv');
    await writeFile(
      file,
      toCsv(
        [
          'opportunity_id',
          'sales_agent',
          'product',
          'account',
          'deal_stage',
          'engage_date',
          'close_date',
          'list_price',
        ],
        deals.map((row) => [
          row.opportunity_id!,
          row.sales_agent!,
          row.product!,
          row.account!,
          row.deal_stage!,
          row.engage_date!,
          row.close_date!,
          prices.get(row.product!.replace(/\s+/g, '')) ?? '',
        ]),
      ),
    );
    await importFile(
      org.admin,
      file,
      {
        type: 'opportunities',
        pipeline: 'Maven',
        mapping: JSON.stringify({
          externalId: 'opportunity_id',
          name: 'opportunity_id',
          ownerEmail: 'sales_agent',
          customer: 'account',
          stage: 'deal_stage',
          createdAt: 'engage_date',
          expectedCloseDate: 'close_date',
          amount: 'list_price',
        }),
      },
      log,
    );
    return await evaluateAt(org, cuts, log);
  } finally {
    await org.app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Imports the X Education leads as deals through the import API and evaluates at the 70% point. */
export async function evaluateXEducation(log: Log) {
  const org = await freshOrganization('X Education evaluation');
  const dir = await mkdtemp(path.join(tmpdir(), 'closer-xedu-'));
  try {
    const pipeline = await org.admin.post('/api/v1/pipelines', {
      name: 'Leads',
      stages: [
        { name: 'Lead', kind: 'open', probability: 30 },
        { name: 'Converted', kind: 'won', probability: 100 },
        { name: 'Not converted', kind: 'lost', probability: 0 },
      ],
    });
    if (pipeline.status !== 201) throw new Error(`pipeline: ${await pipeline.text()}`);
    const leads = (await readCsv(path.join(X_EDUCATION, 'Leads.csv'))).sort(
      (a, b) => Number(a['Lead Number']) - Number(b['Lead Number']),
    );
    const start = Date.parse('2020-01-01T00:00:00Z');
    const at = (index: number, days = 0) =>
      new Date(start + index * 3_600_000 + days * 86_400_000).toISOString();
    const file = path.join(dir, 'leads.csv');
    await writeFile(
      file,
      toCsv(
        ['lead_id', 'name', 'customer', 'stage', 'created', 'closed', 'source'],
        leads.map((row, index) => [
          row['Prospect ID']!,
          `Lead ${row['Lead Number']}`,
          `Lead ${row['Lead Number']}`,
          row.Converted === '1' ? 'Converted' : 'Not converted',
          at(index),
          at(index, 14),
          row['Lead Source'] ?? '',
        ]),
      ),
    );
    await importFile(
      org.admin,
      file,
      {
        type: 'opportunities',
        pipeline: 'Leads',
        mapping: JSON.stringify({
          externalId: 'lead_id',
          name: 'name',
          customer: 'customer',
          stage: 'stage',
          createdAt: 'created',
          closedAt: 'closed',
          source: 'source',
        }),
      },
      log,
    );
    const cut = at(Math.floor(leads.length * 0.7)).slice(0, 10);
    return await evaluateAt(org, [cut], log);
  } finally {
    await org.app.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const datasetsPresent = () => existsSync(MAVEN) && existsSync(X_EDUCATION);

/** The figures of one cut, as lines to print. */
export function describeResult(name: string, result: TimeSplitResult): string[] {
  const f = (value: number, digits = 4) => value.toFixed(digits);
  const m = result.model;
  const lines = [
    `${name}, cut ${new Date(result.cutoff).toISOString().slice(0, 10)}: trained on ${result.trained.trainDeals} closed deals (penalty ${result.trained.params.lambda}), scored ${result.deals} deals engaged after the cut`,
    `  AUC: model ${f(m.auc, 3)}, prior ${f(result.prior.auc, 3)}`,
    `  Brier: model ${f(m.brier)}; constant training base rate ${f(result.trainBaseRate, 3)}: ${f(result.constantBrier)}; constant test base rate ${f(m.baseRate, 3)} (known only afterwards): ${f(m.baseRate * (1 - m.baseRate))}`,
    `  Brier skill against the training base rate: ${f(m.brierSkill, 3)}; prior's Brier ${f(result.prior.brier)}`,
    `  mean confidence reported: ${f(result.confidence, 3)}; models used: ${JSON.stringify(result.models)}`,
    `  on its own held-out block (the newest ${result.trained.testDeals} deals closed before the cut): AUC ${f(result.trained.test.auc, 3)}, Brier ${f(result.trained.test.brier)} against ${f(result.trained.test.baseBrier)} for the base rate`,
    `  largest weights: ${result.trained.params.columns
      .map((column, index) => ({ name: column.name, weight: result.trained.params.fit.weights[index]! }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .slice(0, 6)
      .map((entry) => `${entry.name} ${f(entry.weight, 2)}`)
      .join(', ')}`,
    '  calibration (decile: predicted -> observed, n):',
    ...m.calibration.map(
      (bin) => `    ${bin.decile}: ${f(bin.predicted, 3)} -> ${f(bin.observed, 3)} (${bin.count})`,
    ),
  ];
  return lines;
}
