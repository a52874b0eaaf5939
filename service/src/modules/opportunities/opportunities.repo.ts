import { and, desc, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgInsertValue, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { stages, type Stage } from '../pipelines/pipelines.tables.js';
import { teams } from '../teams/teams.tables.js';
import { users } from '../users/users.tables.js';
import { trashWhere, visibleWhere } from './opportunities.policy.js';
import type { OpportunityListFilters } from './opportunities.schema.js';
import {
  opportunities,
  opportunityAmountHistory,
  opportunityStageHistory,
  type Opportunity,
} from './opportunities.tables.js';

/** Every column of a deal but the search vector, which only search reads. */
const { search: _search, ...opportunityColumns } = getTableColumns(opportunities);
export type OpportunityRow = Omit<Opportunity, 'search'>;

/** A deal with what its presentation names: stage, customer and owner. */
export interface OpportunityView {
  opportunity: OpportunityRow;
  stage: { id: string; name: string; kind: Stage['kind']; probability: number };
  customer: { id: string; name: string };
  owner: { id: string; name: string };
  /** `created_at` as PostgreSQL prints it (microseconds): the exact keyset cursor. */
  createdAtKey: string;
}

function selectViews(tx: Tx) {
  return tx
    .select({
      opportunity: opportunityColumns,
      stage: { id: stages.id, name: stages.name, kind: stages.kind, probability: stages.probability },
      customer: { id: customers.id, name: customers.name },
      owner: { id: users.id, name: users.name },
      createdAtKey: sql<string>`${opportunities.createdAt}::text`,
    })
    .from(opportunities)
    .innerJoin(stages, and(eq(stages.tenantId, opportunities.tenantId), eq(stages.id, opportunities.stageId)))
    .innerJoin(
      customers,
      and(eq(customers.tenantId, opportunities.tenantId), eq(customers.id, opportunities.customerId)),
    )
    .innerJoin(users, eq(users.id, opportunities.ownerId));
}

/** The deal by id, whatever its state (after a write, to present it). */
export async function findView(tx: Tx, id: string): Promise<OpportunityView | undefined> {
  const [view] = await selectViews(tx).where(eq(opportunities.id, id)).limit(1);
  return view;
}

/** The deal when the actor may see it (live, in scope); undefined is a 404 either way. */
export async function findVisible(tx: Tx, actor: Actor, id: string): Promise<OpportunityView | undefined> {
  const [view] = await selectViews(tx)
    .where(and(eq(opportunities.id, id), visibleWhere(actor)))
    .limit(1);
  return view;
}

/** The deal when it is in the actor's trash (deleted in the last 30 days, in scope). */
export async function findInTrash(tx: Tx, actor: Actor, id: string): Promise<OpportunityView | undefined> {
  const [view] = await selectViews(tx)
    .where(and(eq(opportunities.id, id), trashWhere(actor)))
    .limit(1);
  return view;
}

/** `%`, `_` and `\` typed by a person are literal characters, not patterns. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

function listConditions(actor: Actor & { tenantId: string }, filters: OpportunityListFilters) {
  const o = opportunities;
  return [
    // Named explicitly (RLS says the same) so the planner can use the (tenant_id, ...) indexes.
    eq(o.tenantId, actor.tenantId),
    filters.deleted ? trashWhere(actor) : visibleWhere(actor),
    filters.status ? eq(o.status, filters.status) : undefined,
    filters.pipelineId ? eq(o.pipelineId, filters.pipelineId) : undefined,
    filters.stageId ? eq(o.stageId, filters.stageId) : undefined,
    filters.ownerId ? eq(o.ownerId, filters.ownerId) : undefined,
    filters.customerId ? eq(o.customerId, filters.customerId) : undefined,
    filters.closingAfter ? gte(o.expectedCloseDate, filters.closingAfter) : undefined,
    filters.closingBefore ? lte(o.expectedCloseDate, filters.closingBefore) : undefined,
    // The shape of opportunities_name_trgm_idx: lower(name) with a trigram-searchable pattern.
    filters.q ? sql`lower(${o.name}) like '%' || lower(${likeLiteral(filters.q)}) || '%'` : undefined,
  ] satisfies (SQL | undefined)[];
}

/** One page of the deals the actor sees, newest first; `after` is the last row's (createdAt, id). */
export function listViews(
  tx: Tx,
  actor: Actor & { tenantId: string },
  filters: OpportunityListFilters,
  after: { createdAt: string; id: string } | undefined,
): Promise<OpportunityView[]> {
  const o = opportunities;
  const keyset = after
    ? or(
        sql`${o.createdAt} < ${after.createdAt}::timestamptz`,
        and(sql`${o.createdAt} = ${after.createdAt}::timestamptz`, sql`${o.id} < ${after.id}`),
      )
    : undefined;
  // The page's ids first (in index order: opportunities_owner_idx for a person's deals), so only they
  // are joined to their stage, customer and owner, whatever the planner guesses of the whole list.
  const page = tx
    .select({ id: o.id })
    .from(o)
    .where(and(...listConditions(actor, filters), keyset))
    .orderBy(desc(o.createdAt), desc(o.id))
    .limit(filters.limit + 1);
  return selectViews(tx)
    .where(and(eq(o.tenantId, actor.tenantId), inArray(o.id, page)))
    .orderBy(desc(o.createdAt), desc(o.id));
}

export async function insertOpportunity(
  tx: Tx,
  values: PgInsertValue<typeof opportunities>,
): Promise<OpportunityRow> {
  const [created] = await tx.insert(opportunities).values(values).returning(opportunityColumns);
  return created!;
}

/** Applies `set` when `version` is still current (one statement); undefined when stale. */
export function updateOpportunity(
  tx: Tx,
  key: { id: string; version: number },
  set: PgUpdateSetSource<typeof opportunities>,
): Promise<Opportunity | undefined> {
  return updateVersioned(tx, opportunities, key, set);
}

/** Locks the deal's row for the rest of the transaction (delete and restore, which take no version). */
export async function lock(tx: Tx, id: string): Promise<void> {
  await tx.select({ id: opportunities.id }).from(opportunities).where(eq(opportunities.id, id)).for('update');
}

export async function insertStageChange(
  tx: Tx,
  values: typeof opportunityStageHistory.$inferInsert,
): Promise<void> {
  await tx.insert(opportunityStageHistory).values(values);
}

export async function insertAmountChange(
  tx: Tx,
  values: typeof opportunityAmountHistory.$inferInsert,
): Promise<void> {
  await tx.insert(opportunityAmountHistory).values(values);
}

// References: stages and pipelines come from modules/pipelines (pipelines.repo.ts).

/** The customer when the actor may see it: not deleted, owned by someone in their record scope. */
export async function findVisibleCustomer(tx: Tx, actor: Actor, customerId: string) {
  const [customer] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.id, customerId), customerVisibleWhere(actor)))
    .limit(1);
  return customer;
}

export async function teamExists(tx: Tx, teamId: string): Promise<boolean> {
  const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
  return team !== undefined;
}
