import { and, asc, eq, getTableColumns, gt, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { users } from '../users/users.tables.js';
import { visibleWhere } from './contacts.policy.js';
import type { ContactRole } from './contacts.schema.js';
import { contactCustomers, contacts, type Contact } from './contacts.tables.js';

/** Every column but the search vector, which only search reads. */
const { search: _search, ...contactColumns } = getTableColumns(contacts);
const columns = { ...contactColumns, ownerName: users.name };

/** A contact with its owner's name. */
export type ContactRow = Omit<Contact, 'search'> & { ownerName: string };

/** A contact's place at a customer, as the API shows it. */
export interface ContactLink {
  contactId: string;
  customerId: string;
  name: string;
  role: ContactRole;
}

/** A `like` pattern matching `text` literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function selectContacts(tx: Tx) {
  return tx.select(columns).from(contacts).innerJoin(users, eq(users.id, contacts.ownerId));
}

export interface ContactFilter {
  limit: number;
  /** Keyset: the lower-cased name and id of the last row of the previous page. */
  after?: [string, string] | undefined;
  q?: string | undefined;
  customerId?: string | undefined;
  trash?: boolean;
}

/** A page of visible contacts by name (reads `limit + 1` rows). */
export function listVisible(tx: Tx, actor: Actor, filter: ContactFilter): Promise<ContactRow[]> {
  const name = contacts.nameKey;
  const pattern = filter.q ? `%${escapeLike(filter.q.toLowerCase())}%` : undefined;
  const conditions: (SQL | undefined)[] = [
    visibleWhere(actor, { trash: filter.trash ?? false }),
    pattern
      ? sql`(${name} like ${pattern} or lower(array_to_string(${contacts.emails}, ' ')) like ${pattern})`
      : undefined,
    filter.customerId
      ? sql`exists (select 1 from contact_customers link
          where link.contact_id = ${contacts.id} and link.customer_id = ${filter.customerId})`
      : undefined,
    filter.after
      ? and(gte(name, filter.after[0]), or(gt(name, filter.after[0]), gt(contacts.id, filter.after[1])))
      : undefined,
  ];
  return selectContacts(tx)
    .where(and(...conditions))
    .orderBy(asc(name), asc(contacts.id))
    .limit(filter.limit + 1);
}

/** The contact when the actor may see it (live, or in the trash with `trash`); undefined otherwise. */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<ContactRow | undefined> {
  const query = selectContacts(tx)
    .where(and(eq(contacts.id, id), visibleWhere(actor, { trash: options.trash ?? false })))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: contacts }) : query);
  return row;
}

/** A contact by id, whatever the actor's scope: what a command just wrote, to present it. */
export async function findById(tx: Tx, id: string): Promise<ContactRow | undefined> {
  const [row] = await selectContacts(tx).where(eq(contacts.id, id)).limit(1);
  return row;
}

/** The visible live contacts among `ids`, locked for the change that follows. */
export function findManyVisible(tx: Tx, actor: Actor, ids: string[]): Promise<ContactRow[]> {
  return selectContacts(tx)
    .where(and(inArray(contacts.id, ids), visibleWhere(actor)))
    .for('update', { of: contacts });
}

/** The links of each contact to customers the actor sees, by customer name. */
export async function linksOf(
  tx: Tx,
  actor: Actor,
  contactIds: string[],
): Promise<Map<string, ContactLink[]>> {
  const byContact = new Map<string, ContactLink[]>();
  if (!contactIds.length) return byContact;
  const rows = await tx
    .select({
      contactId: contactCustomers.contactId,
      customerId: contactCustomers.customerId,
      name: customers.name,
      role: contactCustomers.role,
    })
    .from(contactCustomers)
    .innerJoin(customers, eq(customers.id, contactCustomers.customerId))
    .where(and(inArray(contactCustomers.contactId, contactIds), customerVisibleWhere(actor)))
    .orderBy(asc(sql`lower(${customers.name})`), asc(customers.id));
  for (const row of rows) byContact.set(row.contactId, [...(byContact.get(row.contactId) ?? []), row]);
  return byContact;
}

/** Which of `ids` are customers the actor sees (live). */
export async function visibleCustomerIds(tx: Tx, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(inArray(customers.id, ids), customerVisibleWhere(actor)));
  return new Set(rows.map((row) => row.id));
}

export async function insertContact(
  tx: Tx,
  values: typeof contacts.$inferInsert,
): Promise<Omit<Contact, 'search'>> {
  const [row] = await tx.insert(contacts).values(values).returning(contactColumns);
  return row!;
}

/** Applies a change when `version` is current; undefined when stale. */
export function updateContact(
  tx: Tx,
  key: { id: string; version: number },
  set: Partial<typeof contacts.$inferInsert>,
): Promise<Contact | undefined> {
  return updateVersioned(tx, contacts, key, set);
}

/**
 * Replaces the contact's links to the customers the actor sees with `links`; links to customers they
 * cannot see (another rep's, or in the trash) stay as they are.
 */
export async function replaceVisibleLinks(
  tx: Tx,
  actor: Actor,
  input: { tenantId: string; contactId: string; links: { customerId: string; role: ContactRole }[] },
): Promise<void> {
  const visible = customerVisibleWhere(actor);
  await tx
    .delete(contactCustomers)
    .where(
      and(
        eq(contactCustomers.contactId, input.contactId),
        visible &&
          sql`${contactCustomers.customerId} in (select ${customers.id} from ${customers} where ${visible})`,
      ),
    );
  if (!input.links.length) return;
  await tx
    .insert(contactCustomers)
    .values(input.links.map((link) => ({ tenantId: input.tenantId, contactId: input.contactId, ...link })));
}

const idList = (ids: string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;

/** Roles from weakest to strongest: a merge keeps the stronger of two. */
const ROLE_RANK = sql`array_position(array['user', 'influencer', 'champion', 'decision_maker']::text[], role)`;

/**
 * Moves what hangs off the sources to the target, so a merge loses no history: customer links (the
 * stronger role wins when both have one), interaction participation and documents.
 */
export async function moveDependents(tx: Tx, targetId: string, sourceIds: string[]): Promise<void> {
  const sources = idList(sourceIds);
  await tx.execute(
    sql`insert into contact_customers (tenant_id, contact_id, customer_id, role)
      select distinct on (customer_id) tenant_id, ${targetId}::uuid, customer_id, role
        from contact_customers where contact_id in ${sources}
        order by customer_id, ${ROLE_RANK} desc
      on conflict (tenant_id, contact_id, customer_id) do update set role = case
        when array_position(array['user', 'influencer', 'champion', 'decision_maker']::text[], excluded.role)
          > array_position(array['user', 'influencer', 'champion', 'decision_maker']::text[], contact_customers.role)
        then excluded.role else contact_customers.role end`,
  );
  await tx.execute(sql`delete from contact_customers where contact_id in ${sources}`);
  await tx.execute(
    sql`insert into interaction_participants (tenant_id, interaction_id, kind, participant_id)
      select distinct tenant_id, interaction_id, kind, ${targetId}::uuid from interaction_participants
        where kind = 'contact' and participant_id in ${sources}
      on conflict do nothing`,
  );
  await tx.execute(
    sql`delete from interaction_participants where kind = 'contact' and participant_id in ${sources}`,
  );
  await tx.execute(
    sql`update documents set parent_id = ${targetId}, updated_at = now()
      where parent_type = 'contact' and parent_id in ${sources}`,
  );
}
