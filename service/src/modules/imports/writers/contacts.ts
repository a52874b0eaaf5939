/** Contacts from a file: people with their emails and phones, linked to the customer they work for. */
import { sql } from 'drizzle-orm';
import { textArrayParam } from '../../../core/db/bulk-insert.js';
import { stageRows } from '../../../core/db/staging.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import {
  existingBy,
  idsByKeys,
  keyValues,
  stageName,
  writeRecords,
  type Candidate,
  type RecordSpec,
} from './records.js';
import { customerReferenceOf, lookupCustomers, type CustomerLookup } from './references.js';
import { memberOf, problemAt, type ImportWriter, type WriteContext } from './writer.js';

interface ContactBatch {
  customers: CustomerLookup;
  /** The customer (and role) of each row's contact, by line. */
  links: Map<number, { customerId: string; role: string }>;
}

const spec: RecordSpec<ContactBatch> = {
  table: 'contacts',
  noun: 'contact',
  columns: [
    ['external_id', 'text'],
    ['name', 'text'],
    ['title', 'text'],
    ['emails', 'text[]'],
    ['phones', 'text[]'],
    ['notes', 'text'],
    ['owner_id', 'uuid'],
    ['custom_fields', 'jsonb'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
  ],
  defaults: { title: "''", emails: "'{}'", phones: "'{}'", notes: "''", created_at: 'now()' },
  updatable: ['name', 'title', 'emails', 'phones', 'notes', 'owner_id'],
  async prepare(context, rows) {
    const references = rows.flatMap((row) => customerReferenceOf(row) ?? []);
    return { customers: await lookupCustomers(context, references), links: new Map() };
  },
  toRecord(context, batch, row) {
    const values = row.values;
    const problems: RowProblem[] = [];
    const owner = memberOf(context, values.ownerEmail, row);
    if ('problem' in owner)
      problems.push(problemAt(context, row, 'ownerEmail', owner.problem, values.ownerEmail));
    const name =
      (values.name as string | undefined) ??
      ([values.firstName, values.lastName].filter((part) => typeof part === 'string').join(' ') || undefined);
    if (!name)
      problems.push(
        problemAt(
          context,
          row,
          context.plan.headerOf('name') ? 'name' : 'lastName',
          'a contact needs a name (or a first or last name)',
        ),
      );
    const reference = customerReferenceOf(row);
    const customerId =
      reference && 'userId' in owner ? batch.customers.reserve(reference, row.line, owner.userId) : undefined;
    if (reference && !customerId && 'userId' in owner)
      problems.push(
        problemAt(context, row, 'customerExternalId', 'no such customer, and no name to create it with'),
      );
    if (problems.length || 'problem' in owner || !name) return problems;
    if (customerId)
      batch.links.set(row.line, { customerId, role: (values.role as string | undefined) ?? 'user' });
    return {
      external_id: (values.externalId as string | undefined) ?? null,
      name,
      title: (values.title as string | undefined) ?? null,
      emails: (values.email as string[] | undefined)?.map((email) => email.toLowerCase()) ?? null,
      phones: (values.phone as string[] | undefined) ?? null,
      notes: (values.notes as string | undefined) ?? null,
      owner_id: owner.userId,
      custom_fields: row.custom,
      created_by: context.actor.userId,
      created_at: null,
    };
  },
  keysOf(context, record) {
    const keys: string[] = [];
    if (typeof record.external_id === 'string') keys.push(`externalId:${record.external_id}`);
    const chosen = context.options.duplicateKeys.length ? context.options.duplicateKeys : ['email'];
    if (chosen.includes('email') && Array.isArray(record.emails))
      for (const email of record.emails) keys.push(`email:${String(email)}`);
    if (chosen.includes('name') && typeof record.name === 'string')
      keys.push(`name:${record.name.toLowerCase()}`);
    return keys;
  },
  async findExisting(context, keys) {
    const rows = await existingBy(
      context,
      sql`select id, name as label, import_id, import_line, external_id, emails, lower(name) as lower_name
            from contacts
           where id in (${idsByKeys('contact', { email: keyValues(keys, 'email'), name: keyValues(keys, 'name') })}
                        union select id from contacts
                         where external_id = any(${textArrayParam(keyValues(keys, 'externalId'))}))
             and deleted_at is null
             and (${context.organizationWide} or owner_id = ${context.actor.userId})`,
    );
    return rows.map((row) => ({
      ...row,
      keys: [
        ...(typeof row.external_id === 'string' ? [`externalId:${row.external_id}`] : []),
        ...(row.emails as string[]).map((email) => `email:${email}`),
        `name:${String(row.lower_name)}`,
      ],
    }));
  },
  async beforeCreate(context, batch, created) {
    const used = new Set(created.flatMap(({ row }) => batch.links.get(row.line)?.customerId ?? []));
    await batch.customers.createReserved(used);
  },
  afterCreate: (context, batch, created) =>
    link(
      context,
      batch,
      created.map((candidate) => ({ id: candidate.record.id as string, candidate })),
    ),
  async afterUpdate(context, batch, updated) {
    const used = new Set(
      updated.flatMap(({ candidate }) => batch.links.get(candidate.row.line)?.customerId ?? []),
    );
    await batch.customers.createReserved(used);
    await link(context, batch, updated);
  },
};

/** Links contacts to the customers their rows name (a link that exists stays as it is). */
async function link(
  context: WriteContext,
  batch: ContactBatch,
  contacts: { id: string; candidate: Candidate }[],
) {
  const rows = contacts.flatMap(({ id, candidate }) => {
    const target = batch.links.get(candidate.row.line);
    return target
      ? [
          {
            tenant_id: context.job.tenantId,
            contact_id: id,
            customer_id: target.customerId,
            role: target.role,
          },
        ]
      : [];
  });
  if (!rows.length) return;
  const stage = stageName('contact_customers');
  await stageRows(context.tx, context.kind, stage, LINK_COLUMNS, rows);
  await context.tx.execute(
    sql.raw(
      `insert into contact_customers (tenant_id, contact_id, customer_id, role)
       select tenant_id, contact_id, customer_id, role from ${stage} on conflict do nothing`,
    ),
  );
}

const LINK_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['contact_id', 'uuid'],
  ['customer_id', 'uuid'],
  ['role', 'text'],
] as const;

export const contactsWriter: ImportWriter = {
  table: spec.table,
  updatable: spec.updatable,
  write: (context, rows: PreparedRow[]) => writeRecords(context, rows, spec),
};
