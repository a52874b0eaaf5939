/**
 * What each exportable list is: its list endpoint's filters, its presented fields (the columns one may
 * choose) and a page of it read through that module's own list command, as the caller. Visibility
 * (record scope, private tasks, the organization) is therefore the list's, by construction.
 */
import { z } from 'zod';
import type { Tx } from '../../core/db/database.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { listContacts } from '../contacts/contacts.commands.js';
import { presentContact } from '../contacts/contacts.presenter.js';
import { ContactListQuery, ContactOut } from '../contacts/contacts.schema.js';
import { listCustomers } from '../customers/customers.commands.js';
import { presentCustomer } from '../customers/customers.presenter.js';
import { CustomerListQuery, CustomerOut } from '../customers/customers.schema.js';
import { listInteractions } from '../interactions/interactions.commands.js';
import { presentInteraction } from '../interactions/interactions.presenter.js';
import { InteractionListQuery, InteractionOut } from '../interactions/interactions.schema.js';
import { presentOpportunity } from '../opportunities/opportunities.presenter.js';
import { listOpportunities } from '../opportunities/opportunities.queries.js';
import { OpportunityListQuery, OpportunityOut } from '../opportunities/opportunities.schema.js';
import { countTasks, listTasks } from '../tasks/tasks.commands.js';
import { presentTask } from '../tasks/tasks.presenter.js';
import { TaskListQuery, TaskOut } from '../tasks/tasks.schema.js';
import type { ExportResource } from './exports.tables.js';

/** One presented record, flattened: `owner.name` for nested objects, lists joined with "; ". */
export type FlatRecord = Record<string, string | number | boolean | null>;

interface PageInput {
  actor: TenantActor;
  tx: Tx;
  /** The list's query parameters as its endpoint takes them (strings), already checked. */
  filters: Record<string, string>;
  limit: number;
  cursor: string | undefined;
}

export interface ExportSource {
  resource: ExportResource;
  /** The report's title. */
  title: string;
  /** The list endpoint's query schema (limit and cursor are the export's own business). */
  query: z.ZodType;
  /** Every column one may ask for, in the presenter's order. */
  columns: readonly string[];
  defaultColumns: readonly string[];
  page(input: PageInput): Promise<{ items: FlatRecord[]; nextCursor: string | null }>;
  /** How many rows the export will hold, when the module can count (tasks). */
  count?(input: Omit<PageInput, 'limit' | 'cursor'>): Promise<number>;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodNullable ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/**
 * The columns of a presented record: nested objects flattened with dots (`owner.name`); open maps
 * (`customFields`, whose keys differ per organization) left out.
 */
export function columnsOf(schema: z.ZodType, prefix = ''): string[] {
  const object = unwrap(schema);
  if (!(object instanceof z.ZodObject)) return [prefix.slice(0, -1)];
  return Object.entries(object.shape as Record<string, z.ZodType>).flatMap(([key, field]) => {
    const inner = unwrap(field);
    if (inner instanceof z.ZodRecord) return [];
    if (inner instanceof z.ZodObject) return columnsOf(inner, `${prefix}${key}.`);
    return [`${prefix}${key}`];
  });
}

function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => {
        if (item !== null && typeof item === 'object') {
          const { name, id } = item as { name?: unknown; id?: unknown };
          return typeof name === 'string' ? name : typeof id === 'string' ? id : JSON.stringify(item);
        }
        return String(item);
      })
      .join('; ');
  }
  return JSON.stringify(value);
}

/** A presented record as one flat row over `columns`. */
export function flatten(record: object, columns: readonly string[]): FlatRecord {
  const row: FlatRecord = {};
  for (const column of columns) {
    let value: unknown = record;
    for (const key of column.split('.')) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    row[column] = cell(value);
  }
  return row;
}

/** Typed per list, erased for the registry: `filters` is parsed by the list's own query schema. */
function source<Q extends z.ZodType<object>, Item extends object>(definition: {
  resource: ExportResource;
  title: string;
  query: Q;
  out: z.ZodType;
  defaultColumns: readonly string[];
  /** One page of the list, presented as its endpoint presents it. */
  list(
    input: { actor: TenantActor; tx: Tx } & z.output<Q>,
  ): Promise<{ items: Item[]; nextCursor: string | null }>;
  count?(input: { actor: TenantActor; tx: Tx } & z.output<Q>): Promise<number>;
}): ExportSource {
  const columns = columnsOf(definition.out);
  // The list schemas cap `limit` for HTTP callers (200); an export reads bigger pages, so it is set after.
  const parse = (filters: Record<string, string>) => definition.query.parse({ ...filters, limit: '1' });
  return {
    resource: definition.resource,
    title: definition.title,
    query: definition.query,
    columns,
    defaultColumns: definition.defaultColumns,
    async page({ actor, tx, filters, limit, cursor }) {
      const page = await definition.list({ ...parse(filters), actor, tx, limit, cursor });
      return { items: page.items.map((item) => flatten(item, columns)), nextCursor: page.nextCursor };
    },
    ...(definition.count && {
      count: ({ actor, tx, filters }) => definition.count!({ ...parse(filters), actor, tx }),
    }),
  };
}

const presentPage = <Row, View>(
  page: { items: Row[]; nextCursor: string | null },
  present: (row: Row) => View,
) => ({
  items: page.items.map(present),
  nextCursor: page.nextCursor,
});

export const EXPORT_SOURCES: Readonly<Record<ExportResource, ExportSource>> = {
  customers: source({
    resource: 'customers',
    title: 'Customers',
    query: CustomerListQuery,
    out: CustomerOut,
    defaultColumns: [
      'name',
      'domains',
      'industry',
      'sizeBand',
      'status',
      'country',
      'owner.name',
      'createdAt',
    ],
    list: async (input) => presentPage(await listCustomers(input), presentCustomer),
  }),
  contacts: source({
    resource: 'contacts',
    title: 'Contacts',
    query: ContactListQuery,
    out: ContactOut,
    defaultColumns: ['name', 'title', 'emails', 'phones', 'customers', 'owner.name', 'createdAt'],
    list: async (input) =>
      presentPage(await listContacts(input), ({ contact, customers }) => presentContact(contact, customers)),
  }),
  opportunities: source({
    resource: 'opportunities',
    title: 'Opportunities',
    query: OpportunityListQuery,
    out: OpportunityOut,
    defaultColumns: [
      'name',
      'customer.name',
      'amount',
      'currency',
      'stage.name',
      'status',
      'expectedCloseDate',
      'owner.name',
    ],
    list: async (input) => presentPage(await listOpportunities(input), presentOpportunity),
  }),
  interactions: source({
    resource: 'interactions',
    title: 'Interactions',
    query: InteractionListQuery,
    out: InteractionOut,
    defaultColumns: [
      'occurredAt',
      'type',
      'direction',
      'customer.name',
      'opportunity.name',
      'summary',
      'owner.name',
    ],
    list: async (input) =>
      presentPage(await listInteractions(input), ({ interaction, participants }) =>
        presentInteraction(interaction, participants),
      ),
  }),
  tasks: source({
    resource: 'tasks',
    title: 'Tasks',
    query: TaskListQuery,
    out: TaskOut,
    defaultColumns: [
      'title',
      'category',
      'priority',
      'status',
      'visibility',
      'dueAt',
      'progress',
      'createdAt',
    ],
    list: async (input) => presentPage(await listTasks(input), presentTask),
    count: (input) => countTasks(input),
  }),
};
