import { and, asc, eq, getTableColumns, gt, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { users } from '../users/users.tables.js';
import { teams } from '../teams/teams.tables.js';
import { changeableWhere, visibleWhere } from './customers.policy.js';
import { customers, type Customer } from './customers.tables.js';

/** Every column but the search vector, which only search reads. */
const { search: _search, ...customerColumns } = getTableColumns(customers);
const columns = { ...customerColumns, ownerName: users.name };

/** A customer with its owner's name (what the API shows) and whether the reader may change it. */
export type CustomerRow = Omit<Customer, 'search'> & { ownerName: string; mayChange: boolean };

function selectCustomers(tx: Tx, actor: Actor) {
  return tx
    .select({ ...columns, mayChange: sql<boolean>`${changeableWhere(actor)}`.as('may_change') })
    .from(customers)
    .innerJoin(users, eq(users.id, customers.ownerId));
}

export interface CustomerFilter {
  limit: number;
  /** Keyset: the lower-cased name and id of the last row of the previous page. */
  after?: [string, string] | undefined;
  q?: string | undefined;
  status?: Customer['status'] | undefined;
  industry?: Customer['industry'] | undefined;
  ownerId?: string | undefined;
  trash?: boolean;
}

/** A page of visible customers by name (reads `limit + 1` rows). */
export function listVisible(tx: Tx, actor: Actor, filter: CustomerFilter): Promise<CustomerRow[]> {
  const name = customers.nameKey;
  const conditions: (SQL | undefined)[] = [
    visibleWhere(actor, { trash: filter.trash ?? false }),
    filter.q ? sql`${name} like ${`%${escapeLike(filter.q.toLowerCase())}%`}` : undefined,
    filter.status ? eq(customers.status, filter.status) : undefined,
    filter.industry ? eq(customers.industry, filter.industry) : undefined,
    filter.ownerId ? eq(customers.ownerId, filter.ownerId) : undefined,
    filter.after
      ? and(gte(name, filter.after[0]), or(gt(name, filter.after[0]), gt(customers.id, filter.after[1])))
      : undefined,
  ];
  return selectCustomers(tx, actor)
    .where(and(...conditions))
    .orderBy(asc(name), asc(customers.id))
    .limit(filter.limit + 1);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The customer when the actor may see it (live, or in the trash with `trash`); undefined otherwise. */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<CustomerRow | undefined> {
  const query = selectCustomers(tx, actor)
    .where(and(eq(customers.id, id), visibleWhere(actor, { trash: options.trash ?? false })))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: customers }) : query);
  return row;
}

export async function findManyVisible(tx: Tx, actor: Actor, ids: string[]): Promise<CustomerRow[]> {
  return selectCustomers(tx, actor)
    .where(and(inArray(customers.id, ids), visibleWhere(actor)))
    .for('update', { of: customers });
}

export async function insertCustomer(
  tx: Tx,
  values: typeof customers.$inferInsert,
): Promise<Omit<Customer, 'search'>> {
  const [row] = await tx.insert(customers).values(values).returning(customerColumns);
  return row!;
}

/** Applies a change when `version` is current; undefined when stale. */
export function updateCustomer(
  tx: Tx,
  key: { id: string; version: number },
  set: Partial<typeof customers.$inferInsert>,
): Promise<Customer | undefined> {
  return updateVersioned(tx, customers, key, set);
}

export async function teamExists(tx: Tx, teamId: string): Promise<boolean> {
  const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
  return team !== undefined;
}

/**
 * Moves everything that hangs off the sources to the target, so merging loses no history: deals,
 * interactions, documents, and contact links (a contact at both keeps the target's role).
 */
export async function moveDependents(tx: Tx, targetId: string, sourceIds: string[]): Promise<void> {
  const sources = sql`(${sql.join(
    sourceIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  await tx.execute(sql`update opportunities set customer_id = ${targetId} where customer_id in ${sources}`);
  await tx.execute(sql`update interactions set customer_id = ${targetId} where customer_id in ${sources}`);
  await tx.execute(
    sql`update documents set parent_id = ${targetId}, updated_at = now()
      where parent_type = 'customer' and parent_id in ${sources}`,
  );
  await tx.execute(
    sql`insert into contact_customers (tenant_id, contact_id, customer_id, role)
      select tenant_id, contact_id, ${targetId}, role from contact_customers where customer_id in ${sources}
      on conflict (tenant_id, contact_id, customer_id) do nothing`,
  );
  await tx.execute(sql`delete from contact_customers where customer_id in ${sources}`);
}

/**
 * Moves a customer's live deals and interactions to the trash with it, stamped with the customer's own
 * deletion time, so a restore brings back exactly those. Returns the ids of the deals.
 */
export async function trashDependents(tx: Tx, customerId: string, at: Date, by: string): Promise<string[]> {
  const deals = await queryRows<{ id: string }>(
    tx,
    sql`update opportunities set deleted_at = ${at}, deleted_by = ${by}, version = version + 1
      where customer_id = ${customerId} and deleted_at is null returning id`,
  );
  await tx.execute(sql`update interactions set deleted_at = ${at}, deleted_by = ${by}, version = version + 1
    where customer_id = ${customerId} and deleted_at is null`);
  return deals.map((deal) => deal.id);
}

/** Brings back what `trashDependents` moved with the customer deleted at `at`. */
export async function restoreDependents(tx: Tx, customerId: string, at: Date): Promise<string[]> {
  const deals = await queryRows<{ id: string }>(
    tx,
    sql`update opportunities set deleted_at = null, deleted_by = null, version = version + 1
      where customer_id = ${customerId} and deleted_at = ${at} returning id`,
  );
  await tx.execute(sql`update interactions set deleted_at = null, deleted_by = null, version = version + 1
    where customer_id = ${customerId} and deleted_at = ${at}`);
  return deals.map((deal) => deal.id);
}
