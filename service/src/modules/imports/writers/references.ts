/**
 * The customers rows of other types name (contacts, deals, interactions, tasks): found by external id,
 * domain or name, once per batch for all rows; where a row names one that does not exist yet, it is
 * created (owned by the row's owner, remembered as this import's, so an undo trashes it too).
 */
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { textArrayParam } from '../../../core/db/bulk-insert.js';
import { queryRows } from '../../../core/db/database.js';
import { stageRows } from '../../../core/db/staging.js';
import type { PreparedRow } from '../import-rows.js';
import { idsByKeys, stageName } from './records.js';
import type { WriteContext } from './writer.js';

/** What a row says about its customer. */
export interface CustomerReference {
  externalId: string | null;
  domains: string[];
  name: string | null;
}

export function customerReferenceOf(row: PreparedRow): CustomerReference | null {
  const externalId = (row.values.customerExternalId as string | undefined) ?? null;
  const domains = (row.values.customerDomain as string[] | undefined) ?? [];
  const name = (row.values.customer as string | undefined) ?? null;
  return externalId || domains.length || name ? { externalId, domains, name } : null;
}

export interface CustomerLookup {
  /** The customer a reference names; undefined when none exists (nor is reserved). */
  find(reference: CustomerReference): string | undefined;
  /**
   * An id for a customer the reference names by name that does not exist yet: the same id for the same
   * name within the batch. Nothing is written until `createReserved`.
   */
  reserve(reference: CustomerReference, line: number, ownerId: string): string | undefined;
  /** Creates the reserved customers among `used` (those the rows written refer to); returns how many. */
  createReserved(used: ReadonlySet<string>): Promise<number>;
}

interface Found {
  id: string;
  external_id: string | null;
  domains: string[];
  lower_name: string;
}

/** Finds the customers `references` name, in the importer's scope, once for the batch. */
export async function lookupCustomers(
  context: WriteContext,
  references: CustomerReference[],
): Promise<CustomerLookup> {
  const externalIds = references.flatMap((reference) => (reference.externalId ? [reference.externalId] : []));
  const domains = references.flatMap((reference) => reference.domains);
  const names = references.flatMap((reference) => (reference.name ? [reference.name.toLowerCase()] : []));
  const found = references.length
    ? await queryRows<Found>(
        context.tx,
        sql`select id, external_id, domains, lower(name) as lower_name from customers
             where id in (${idsByKeys('customer', { domain: domains, name: names })}
                          union select id from customers where external_id = any(${textArrayParam(externalIds)}))
               and deleted_at is null
               and (${context.organizationWide} or owner_id = ${context.actor.userId})
             order by created_at, id`,
      )
    : [];
  const byExternalId = new Map<string, string>();
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const row of found) {
    if (row.external_id && !byExternalId.has(row.external_id)) byExternalId.set(row.external_id, row.id);
    for (const domain of row.domains) if (!byDomain.has(domain)) byDomain.set(domain, row.id);
    if (!byName.has(row.lower_name)) byName.set(row.lower_name, row.id);
  }
  const find = (reference: CustomerReference): string | undefined =>
    (reference.externalId ? byExternalId.get(reference.externalId) : undefined) ??
    reference.domains.map((domain) => byDomain.get(domain)).find((id) => id !== undefined) ??
    (reference.name ? byName.get(reference.name.toLowerCase()) : undefined);

  const reserved = new Map<string, Record<string, string | string[] | number | null>>();
  return {
    find,
    reserve(reference, line, ownerId) {
      const existing = find(reference);
      if (existing || !reference.name) return existing;
      const id = uuidv7();
      byName.set(reference.name.toLowerCase(), id);
      if (reference.externalId) byExternalId.set(reference.externalId, id);
      for (const domain of reference.domains) byDomain.set(domain, id);
      reserved.set(id, {
        tenant_id: context.job.tenantId,
        id,
        name: reference.name,
        domains: reference.domains,
        owner_id: ownerId,
        created_by: context.actor.userId,
        import_id: context.job.id,
        import_line: line,
      });
      return id;
    },
    async createReserved(used) {
      const rows = [...reserved.values()].filter((row) => used.has(row.id as string));
      if (!rows.length || context.job.dryRun) return rows.length;
      const stage = stageName('customers', 'referenced');
      await stageRows(context.tx, context.kind, stage, CREATED_COLUMNS, rows);
      const names = CREATED_COLUMNS.map(([name]) => name).join(', ');
      await context.tx.execute(sql.raw(`insert into customers (${names}) select ${names} from ${stage}`));
      return rows.length;
    },
  };
}

const CREATED_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['name', 'text'],
  ['domains', 'text[]'],
  ['owner_id', 'uuid'],
  ['created_by', 'uuid'],
  ['import_id', 'uuid'],
  ['import_line', 'integer'],
] as const;

/** What a row says about its deal. */
export interface OpportunityReference {
  externalId: string | null;
  name: string | null;
}

export function opportunityReferenceOf(row: PreparedRow): OpportunityReference | null {
  const externalId = (row.values.opportunityExternalId as string | undefined) ?? null;
  const name = (row.values.opportunity as string | undefined) ?? null;
  return externalId || name ? { externalId, name } : null;
}

/** The deals rows name, by external id or by name (a name shared by several deals is ambiguous). */
export async function lookupOpportunities(
  context: WriteContext,
  references: OpportunityReference[],
): Promise<
  (reference: OpportunityReference) => { id: string; customerId: string } | 'ambiguous' | undefined
> {
  const externalIds = references.flatMap((reference) => (reference.externalId ? [reference.externalId] : []));
  const names = references.flatMap((reference) => (reference.name ? [reference.name.toLowerCase()] : []));
  const rows = references.length
    ? await queryRows<{ id: string; customer_id: string; external_id: string | null; lower_name: string }>(
        context.tx,
        sql`select id, customer_id, external_id, lower(name) as lower_name from opportunities
             where deleted_at is null
               and (external_id = any(${textArrayParam(externalIds)}) or lower(name) = any(${textArrayParam(names)}))
               and (${context.organizationWide} or owner_id = ${context.actor.userId})`,
      )
    : [];
  const byExternalId = new Map<string, { id: string; customerId: string }>();
  const byName = new Map<string, { id: string; customerId: string } | 'ambiguous'>();
  for (const row of rows) {
    const deal = { id: row.id, customerId: row.customer_id };
    if (row.external_id) byExternalId.set(row.external_id, deal);
    byName.set(row.lower_name, byName.has(row.lower_name) ? 'ambiguous' : deal);
  }
  return (reference) =>
    (reference.externalId ? byExternalId.get(reference.externalId) : undefined) ??
    (reference.name ? byName.get(reference.name.toLowerCase()) : undefined);
}
