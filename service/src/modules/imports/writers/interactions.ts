/**
 * Interactions from a file: calls, meetings, emails, demos, notes and messages, written as
 * `logInteraction` writes them (same columns and defaults; the contact a row names becomes a participant)
 * but set-based and without a domain event per row. The customer and the deal a row names must exist:
 * an interaction never creates them.
 */
import { sql } from 'drizzle-orm';
import { textArrayParam } from '../../../core/db/bulk-insert.js';
import { queryRows } from '../../../core/db/database.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import {
  customerReferenceOf,
  lookupCustomers,
  lookupOpportunities,
  opportunityReferenceOf,
  type CustomerLookup,
  type CustomerReference,
  type OpportunityReference,
} from './references.js';
import {
  existingBy,
  keyValues,
  writeRecords,
  type Candidate,
  type RecordSpec,
  type RecordValues,
  idsByKeys,
} from './records.js';
import { memberOf, problemAt, type ImportWriter, type WriteContext } from './writer.js';

/** What `logInteraction` accepts (interactions.schema.ts): longer values are refused there too. */
const MAX_SUMMARY = 20_000;
const MAX_NEXT_STEP = 500;
const MAX_DURATION = 100_000;

/** The customers and deals a batch's rows name, found once per batch. */
export interface SettledReferences {
  customers: CustomerLookup;
  opportunities: Awaited<ReturnType<typeof lookupOpportunities>>;
}

/** Finds the customers and deals rows name; none is created (interactions and tasks need them to exist). */
export async function findReferences(context: WriteContext, rows: PreparedRow[]): Promise<SettledReferences> {
  const customers = rows.flatMap((row) => {
    const reference = customerReferenceOf(row);
    return reference ? [reference] : [];
  });
  const opportunities = rows.flatMap((row) => {
    const reference = opportunityReferenceOf(row);
    return reference ? [reference] : [];
  });
  return {
    customers: await lookupCustomers(context, customers),
    opportunities: await lookupOpportunities(context, opportunities),
  };
}

interface InteractionBatch extends SettledReferences {
  /** Contacts by lower-cased email: their id, or null when several contacts share the email. */
  contacts: Map<string, string | null>;
  /** The contact each row's interaction takes part with (filled by `toRecord`). */
  participants: Map<PreparedRow, string>;
}

/** The live contacts (in the importer's scope) with one of `emails`. */
async function contactsByEmail(context: WriteContext, emails: string[]): Promise<Map<string, string | null>> {
  const byEmail = new Map<string, string | null>();
  if (!emails.length) return byEmail;
  const rows = await queryRows<{ id: string; emails: string[] }>(
    context.tx,
    sql`select id, emails from contacts
         where id in ${idsByKeys('contact', { email: emails })} and deleted_at is null
           and (${context.organizationWide} or owner_id = ${context.actor.userId})`,
  );
  const wanted = new Set(emails);
  for (const row of rows)
    for (const email of row.emails) {
      const key = email.toLowerCase();
      if (!wanted.has(key)) continue;
      byEmail.set(key, byEmail.has(key) && byEmail.get(key) !== row.id ? null : row.id);
    }
  return byEmail;
}

/** The column a customer reference came from, for problems: the most specific one the row has. */
function customerField(reference: CustomerReference): string {
  if (reference.externalId) return 'customerExternalId';
  if (reference.domains.length) return 'customerDomain';
  return 'customer';
}

function opportunityField(reference: OpportunityReference): string {
  return reference.externalId ? 'opportunityExternalId' : 'opportunity';
}

function describeCustomer(reference: CustomerReference): string {
  if (reference.externalId) return `with the external id ${reference.externalId}`;
  if (reference.domains.length) return `with the domain ${reference.domains.join(', ')}`;
  return `named ${reference.name}`;
}

/**
 * The customer and deal of a row, settled as `logInteraction` and `createTask` settle them: the deal
 * alone gives its customer; a deal at another customer than the row's is refused.
 */
export function settleReferences(
  context: WriteContext,
  batch: SettledReferences,
  row: PreparedRow,
): { customerId: string | null; opportunityId: string | null } | RowProblem[] {
  const problems: RowProblem[] = [];
  let customerId: string | null = null;
  const customer = customerReferenceOf(row);
  if (customer) {
    const found = batch.customers.find(customer);
    const field = customerField(customer);
    if (found) customerId = found;
    else
      problems.push(
        problemAt(
          context,
          row,
          field,
          `no customer ${describeCustomer(customer)} exists; import or create the customer first`,
          row.values[field],
        ),
      );
  }
  let opportunityId: string | null = null;
  const opportunity = opportunityReferenceOf(row);
  if (opportunity) {
    const field = opportunityField(opportunity);
    const found = batch.opportunities(opportunity);
    if (found === 'ambiguous')
      problems.push(
        problemAt(
          context,
          row,
          field,
          `several deals are named ${opportunity.name}; map the deal's external id instead`,
          row.values[field],
        ),
      );
    else if (!found)
      problems.push(
        problemAt(
          context,
          row,
          field,
          opportunity.externalId
            ? `no deal with the external id ${opportunity.externalId} exists`
            : `no deal is named ${opportunity.name}`,
          row.values[field],
        ),
      );
    else if (customer && customerId && found.customerId !== customerId)
      problems.push(
        problemAt(context, row, field, 'this deal belongs to another customer', row.values[field]),
      );
    else {
      opportunityId = found.id;
      if (!customer) customerId = found.customerId;
    }
  }
  return problems.length ? problems : { customerId, opportunityId };
}

function lengthProblems(context: WriteContext, row: PreparedRow): RowProblem[] {
  const problems: RowProblem[] = [];
  const { summary, nextStep, durationMinutes } = row.values;
  if (typeof summary === 'string' && summary.length > MAX_SUMMARY)
    problems.push(problemAt(context, row, 'summary', `is longer than ${MAX_SUMMARY} characters`));
  if (typeof nextStep === 'string' && nextStep.length > MAX_NEXT_STEP)
    problems.push(problemAt(context, row, 'nextStep', `is longer than ${MAX_NEXT_STEP} characters`));
  if (typeof durationMinutes === 'number' && (durationMinutes < 0 || durationMinutes > MAX_DURATION))
    problems.push(
      problemAt(
        context,
        row,
        'durationMinutes',
        `must be between 0 and ${MAX_DURATION} minutes`,
        durationMinutes,
      ),
    );
  return problems;
}

/**
 * Keys of an interaction: its external id; without one, what makes it the same interaction (its type,
 * the instant it happened, its owner, customer and summary), so that a file re-run without ids creates
 * nothing twice. The owner is a uuid and the instant a full ISO time, so the key reads as it is matched.
 */
function interactionKeys(_context: WriteContext, record: RecordValues): string[] {
  if (typeof record.external_id === 'string') return [`externalId:${record.external_id}`];
  return [sameKey(record)];
}

function sameKey(record: Record<string, unknown>): string {
  return `occurredAt:${keyText(record.occurred_at)} ${keyText(record.type)} by ${keyText(record.owner_id)} at ${keyText(record.customer_id, '-')}: ${keyText(record.summary)}`;
}

/** A record's value in a key: text as it is, nothing as `empty`. */
export function keyText(value: unknown, empty = ''): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : empty;
}

async function findInteractions(context: WriteContext, keys: string[]) {
  const externalIds = keyValues(keys, 'externalId');
  const same = keyValues(keys, 'occurredAt');
  const instants = same.map((value) => value.slice(0, value.indexOf(' ')));
  const owners = same.map((value) => value.slice(value.indexOf(' by ') + 4, value.indexOf(' by ') + 40));
  const rows = await existingBy(
    context,
    sql`select id, type || ' of ' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as label,
               import_id, import_line, external_id, type,
               to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at,
               owner_id, customer_id, summary
          from interactions
         where deleted_at is null
           and (external_id = any(${textArrayParam(externalIds)})
                or (owner_id = any(${textArrayParam(owners)}::uuid[])
                    and occurred_at = any(${textArrayParam(instants)}::timestamptz[])))
           and (${context.organizationWide} or owner_id = ${context.actor.userId})`,
  );
  return rows.map((row) => ({
    ...row,
    keys: [...(typeof row.external_id === 'string' ? [`externalId:${row.external_id}`] : []), sameKey(row)],
  }));
}

const spec: RecordSpec<InteractionBatch> = {
  table: 'interactions',
  noun: 'interaction',
  columns: [
    ['external_id', 'text'],
    ['type', 'text'],
    ['direction', 'text'],
    ['occurred_at', 'timestamptz'],
    ['duration_minutes', 'integer'],
    ['outcome', 'text'],
    ['summary', 'text'],
    ['customer_id', 'uuid'],
    ['opportunity_id', 'uuid'],
    ['next_step', 'text'],
    ['owner_id', 'uuid'],
    ['custom_fields', 'jsonb'],
  ],
  defaults: { summary: "''", next_step: "''", custom_fields: "'{}'::jsonb" },
  updatable: [
    'type',
    'direction',
    'occurred_at',
    'duration_minutes',
    'outcome',
    'summary',
    'customer_id',
    'opportunity_id',
    'next_step',
    'owner_id',
  ],
  async prepare(context, rows) {
    const emails = rows.flatMap((row) =>
      typeof row.values.contactEmail === 'string' ? [row.values.contactEmail.toLowerCase()] : [],
    );
    return {
      ...(await findReferences(context, rows)),
      contacts: await contactsByEmail(context, [...new Set(emails)]),
      participants: new Map(),
    };
  },
  toRecord(context, batch, row) {
    const values = row.values;
    const problems = lengthProblems(context, row);
    const owner = memberOf(context, values.ownerEmail, row);
    if ('problem' in owner)
      problems.push(problemAt(context, row, 'ownerEmail', owner.problem, values.ownerEmail));
    const references = settleReferences(context, batch, row);
    if (Array.isArray(references)) problems.push(...references);
    const email = typeof values.contactEmail === 'string' ? values.contactEmail.toLowerCase() : null;
    const contactId = email === null ? undefined : batch.contacts.get(email);
    if (email !== null && contactId === undefined)
      problems.push(problemAt(context, row, 'contactEmail', `no contact has the email ${email}`, email));
    if (email !== null && contactId === null)
      problems.push(
        problemAt(
          context,
          row,
          'contactEmail',
          `several contacts have the email ${email}; log it by hand`,
          email,
        ),
      );
    if (problems.length || 'problem' in owner || Array.isArray(references)) return problems;
    if (contactId) batch.participants.set(row, contactId);
    return {
      external_id: (values.externalId as string | undefined) ?? null,
      type: values.type as string,
      direction: (values.direction as string | undefined) ?? null,
      occurred_at: new Date(values.occurredAt as string).toISOString(),
      duration_minutes: (values.durationMinutes as number | undefined) ?? null,
      outcome: (values.outcome as string | undefined) ?? null,
      summary: (values.summary as string | undefined) ?? null,
      customer_id: references.customerId,
      opportunity_id: references.opportunityId,
      next_step: (values.nextStep as string | undefined) ?? null,
      owner_id: owner.userId,
      custom_fields: row.custom,
    };
  },
  keysOf: interactionKeys,
  findExisting: findInteractions,
  async afterCreate(context, batch, created) {
    await addParticipants(context, batch, created);
  },
  async afterUpdate(context, batch, updated) {
    await addParticipants(
      context,
      batch,
      updated.map(({ id, candidate }) => ({ ...candidate, record: { ...candidate.record, id } })),
    );
  },
};

/** The contacts rows name, as participants (`on conflict`: an update may name one already there). */
async function addParticipants(context: WriteContext, batch: InteractionBatch, written: Candidate[]) {
  const rows = written.flatMap((candidate) => {
    const contactId = batch.participants.get(candidate.row);
    return contactId
      ? [
          {
            tenant_id: context.job.tenantId,
            interaction_id: candidate.record.id,
            kind: 'contact',
            participant_id: contactId,
          },
        ]
      : [];
  });
  if (!rows.length) return;
  await context.tx.execute(
    sql`insert into interaction_participants (tenant_id, interaction_id, kind, participant_id)
        select tenant_id, interaction_id, kind, participant_id
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(tenant_id uuid, interaction_id uuid, kind text, participant_id uuid)
        on conflict do nothing`,
  );
}

export const interactionsWriter: ImportWriter = {
  table: spec.table,
  updatable: spec.updatable,
  write: (context, rows) => writeRecords(context, rows, spec),
};
