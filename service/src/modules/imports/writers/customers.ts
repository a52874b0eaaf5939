/** Customers from a file: companies with their domains, industry, size, revenue, owner and team. */
import { sql } from 'drizzle-orm';
import { textArrayParam } from '../../../core/db/bulk-insert.js';
import { queryRows } from '../../../core/db/database.js';
import { sizeBands } from '../../customers/customers.tables.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import { parseSizeBand } from '../import-values.js';
import {
  existingBy,
  idsByKeys,
  keyValues,
  writeRecords,
  type RecordSpec,
  type RecordValues,
} from './records.js';
import { memberOf, problemAt, type ImportWriter, type WriteContext } from './writer.js';

interface CustomerBatch {
  teams: Map<string, string>;
}

/** The organization's teams by lower-cased name. */
export async function teamsByName(context: WriteContext): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; name: string }>(context.tx, sql`select id, name from teams`);
  return new Map(rows.map((row) => [row.name.trim().toLowerCase(), row.id]));
}

/** The team a row names, or a problem. */
export function teamOf(
  context: WriteContext,
  teams: Map<string, string>,
  row: PreparedRow,
): { teamId: string | null } | { problem: RowProblem } {
  const name = row.values.team;
  if (typeof name !== 'string' || name === '') return { teamId: null };
  const teamId = teams.get(name.toLowerCase());
  if (teamId) return { teamId };
  const known = [...teams.keys()].slice(0, 20).join(', ');
  return {
    problem: problemAt(
      context,
      row,
      'team',
      `no team is named ${name}${known ? `; teams: ${known}` : ''}`,
      name,
    ),
  };
}

/** Duplicate keys of a customer: the external id always, then the chosen ones (default: its domains). */
export function customerKeys(context: WriteContext, record: RecordValues): string[] {
  const keys: string[] = [];
  if (typeof record.external_id === 'string') keys.push(`externalId:${record.external_id}`);
  const chosen = context.options.duplicateKeys.length ? context.options.duplicateKeys : ['domain'];
  if (chosen.includes('domain') && Array.isArray(record.domains))
    for (const domain of record.domains) keys.push(`domain:${domain}`);
  if (chosen.includes('name') && typeof record.name === 'string')
    keys.push(`name:${record.name.toLowerCase()}`);
  return keys;
}

/** Customers (not in the trash, in the importer's scope) with one of the keys. */
export async function findCustomers(context: WriteContext, keys: string[]) {
  const externalIds = keyValues(keys, 'externalId');
  const domains = keyValues(keys, 'domain');
  const names = keyValues(keys, 'name');
  const rows = await existingBy(
    context,
    sql`select c.id, c.name as label, c.import_id, c.import_line, c.external_id, c.domains, lower(c.name) as lower_name
          from customers c
         where c.id in (${idsByKeys('customer', { domain: domains, name: names })}
                        union select id from customers where external_id = any(${textArrayParam(externalIds)}))
           and c.deleted_at is null
           and (${context.organizationWide} or c.owner_id = ${context.actor.userId})`,
  );
  return rows.map((row) => ({
    ...row,
    keys: [
      ...(typeof row.external_id === 'string' ? [`externalId:${row.external_id}`] : []),
      ...(row.domains as string[]).map((domain) => `domain:${domain}`),
      `name:${String(row.lower_name)}`,
    ],
  }));
}

const spec: RecordSpec<CustomerBatch> = {
  table: 'customers',
  noun: 'customer',
  columns: [
    ['external_id', 'text'],
    ['name', 'text'],
    ['domains', 'text[]'],
    ['industry', 'text'],
    ['tags', 'text[]'],
    ['size_band', 'text'],
    ['annual_revenue', 'numeric'],
    ['revenue_currency', 'char(3)'],
    ['country', 'char(2)'],
    ['status', 'text'],
    ['owner_id', 'uuid'],
    ['team_id', 'uuid'],
    ['custom_fields', 'jsonb'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
  ],
  defaults: { domains: "'{}'", tags: "'{}'", status: "'prospect'", created_at: 'now()' },
  updatable: [
    'name',
    'domains',
    'industry',
    'tags',
    'size_band',
    'annual_revenue',
    'revenue_currency',
    'country',
    'status',
    'owner_id',
    'team_id',
  ],
  async prepare(context) {
    return { teams: await teamsByName(context) };
  },
  toRecord(context, batch, row) {
    const values = row.values;
    const problems: RowProblem[] = [];
    const owner = memberOf(context, values.ownerEmail, row);
    if ('problem' in owner)
      problems.push(problemAt(context, row, 'ownerEmail', owner.problem, values.ownerEmail));
    const team = teamOf(context, batch.teams, row);
    if ('problem' in team) problems.push(team.problem);
    let sizeBand = values.sizeBand as string | undefined;
    if (sizeBand === undefined && typeof values.employees === 'number') {
      const band = parseSizeBand(String(values.employees));
      if (band.ok) sizeBand = band.value;
    }
    const revenue = values.annualRevenue as { amount: string; currency: string | null } | undefined;
    if (revenue && Number(revenue.amount) < 0)
      problems.push(problemAt(context, row, 'annualRevenue', 'cannot be negative', revenue.amount));
    if (problems.length || 'problem' in owner || 'problem' in team) return problems;
    return {
      external_id: (values.externalId as string | undefined) ?? null,
      name: values.name as string,
      domains: (values.domain as string[] | undefined) ?? null,
      industry: (values.industry as string | undefined) ?? null,
      tags: (values.tags as string[] | undefined) ?? null,
      size_band: sizeBands.includes(sizeBand as never) ? sizeBand! : null,
      annual_revenue: revenue?.amount ?? null,
      revenue_currency:
        (values.revenueCurrency as string | undefined) ??
        revenue?.currency ??
        (revenue ? context.options.defaultCurrency : null),
      country: (values.country as string | undefined) ?? null,
      status: (values.status as string | undefined) ?? null,
      owner_id: owner.userId,
      team_id: team.teamId,
      custom_fields: row.custom,
      created_by: context.actor.userId,
      created_at: (values.createdAt as string | undefined) ?? null,
    };
  },
  keysOf: customerKeys,
  findExisting: findCustomers,
};

export const customersWriter: ImportWriter = {
  table: spec.table,
  updatable: spec.updatable,
  write: (context, rows) => writeRecords(context, rows, spec),
};
