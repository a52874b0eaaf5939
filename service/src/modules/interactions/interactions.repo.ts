import { and, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere as contactVisibleWhere } from '../contacts/contacts.policy.js';
import { contacts } from '../contacts/contacts.tables.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { visibleWhere as opportunityVisibleWhere } from '../opportunities/opportunities.policy.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { memberships } from '../roles/roles.tables.js';
import { users } from '../users/users.tables.js';
import { changeableWhere, visibleWhere } from './interactions.policy.js';
import {
  interactionParticipants,
  interactions,
  type Interaction,
  type InteractionType,
} from './interactions.tables.js';

const columns = {
  ...getTableColumns(interactions),
  ownerName: users.name,
  customerName: customers.name,
  opportunityName: opportunities.name,
};

/** An interaction with the names of its owner, customer and opportunity. */
export type InteractionRow = Interaction & {
  ownerName: string;
  customerName: string | null;
  opportunityName: string | null;
};

export interface Participants {
  contactIds: string[];
  userIds: string[];
}

function selectInteractions(tx: Tx, extra: Record<string, SQL.Aliased> = {}) {
  return tx
    .select({ ...columns, ...extra })
    .from(interactions)
    .innerJoin(users, eq(users.id, interactions.ownerId))
    .leftJoin(customers, eq(customers.id, interactions.customerId))
    .leftJoin(opportunities, eq(opportunities.id, interactions.opportunityId));
}

export interface InteractionFilter {
  limit: number;
  /** Keyset: the time (ISO) and id of the last row of the previous page. */
  after?: [string, string] | undefined;
  customerId?: string | undefined;
  opportunityId?: string | undefined;
  contactId?: string | undefined;
  type?: InteractionType | undefined;
  ownerId?: string | undefined;
  occurredAfter?: Date | undefined;
  occurredBefore?: Date | undefined;
  trash?: boolean;
}

/** A page of visible interactions, latest first (reads `limit + 1` rows). */
export function listVisible(tx: Tx, actor: Actor, filter: InteractionFilter): Promise<InteractionRow[]> {
  const conditions: (SQL | undefined)[] = [
    visibleWhere(actor, { trash: filter.trash ?? false }),
    filter.customerId ? eq(interactions.customerId, filter.customerId) : undefined,
    filter.opportunityId ? eq(interactions.opportunityId, filter.opportunityId) : undefined,
    filter.contactId
      ? sql`exists (select 1 from interaction_participants participant
          where participant.interaction_id = ${interactions.id} and participant.kind = 'contact'
            and participant.participant_id = ${filter.contactId})`
      : undefined,
    filter.type ? eq(interactions.type, filter.type) : undefined,
    filter.ownerId ? eq(interactions.ownerId, filter.ownerId) : undefined,
    filter.occurredAfter
      ? sql`${interactions.occurredAt} >= ${filter.occurredAfter.toISOString()}`
      : undefined,
    filter.occurredBefore
      ? sql`${interactions.occurredAt} < ${filter.occurredBefore.toISOString()}`
      : undefined,
    filter.after
      ? sql`(${interactions.occurredAt}, ${interactions.id}) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`
      : undefined,
  ];
  return selectInteractions(tx)
    .where(and(...conditions))
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(filter.limit + 1);
}

/**
 * The interaction when the actor may see it (live, or in the trash with `trash`), and whether they may
 * change it; undefined when they may not see it.
 */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<(InteractionRow & { changeable: boolean }) | undefined> {
  const changeable = sql<boolean>`${changeableWhere(actor) ?? sql`true`}`.as('changeable');
  const query = selectInteractions(tx, { changeable })
    .where(and(eq(interactions.id, id), visibleWhere(actor, { trash: options.trash ?? false })))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: interactions }) : query);
  return row as (InteractionRow & { changeable: boolean }) | undefined;
}

/** An interaction by id, whatever the actor's scope: what a command just wrote, to present it. */
export async function findById(tx: Tx, id: string): Promise<InteractionRow | undefined> {
  const [row] = await selectInteractions(tx).where(eq(interactions.id, id)).limit(1);
  return row;
}

/** Who took part in each interaction. */
export async function participantsOf(tx: Tx, ids: string[]): Promise<Map<string, Participants>> {
  const byInteraction = new Map<string, Participants>(ids.map((id) => [id, { contactIds: [], userIds: [] }]));
  if (!ids.length) return byInteraction;
  const rows = await tx
    .select()
    .from(interactionParticipants)
    .where(inArray(interactionParticipants.interactionId, ids))
    .orderBy(interactionParticipants.participantId);
  for (const row of rows) {
    const participants = byInteraction.get(row.interactionId)!;
    (row.kind === 'contact' ? participants.contactIds : participants.userIds).push(row.participantId);
  }
  return byInteraction;
}

export async function replaceParticipants(
  tx: Tx,
  input: { tenantId: string; interactionId: string; participants: Participants },
): Promise<void> {
  const { tenantId, interactionId, participants } = input;
  await tx.delete(interactionParticipants).where(eq(interactionParticipants.interactionId, interactionId));
  const rows = [
    ...participants.contactIds.map((participantId) => ({ kind: 'contact' as const, participantId })),
    ...participants.userIds.map((participantId) => ({ kind: 'user' as const, participantId })),
  ];
  if (rows.length)
    await tx.insert(interactionParticipants).values(rows.map((row) => ({ tenantId, interactionId, ...row })));
}

/** Which of `ids` are contacts the actor sees (live). */
export async function visibleContactIds(tx: Tx, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(inArray(contacts.id, ids), contactVisibleWhere(actor)));
  return new Set(rows.map((row) => row.id));
}

/** Which of `ids` are members of the organization. */
export async function memberIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .select({ id: memberships.userId })
    .from(memberships)
    .where(inArray(memberships.userId, ids));
  return new Set(rows.map((row) => row.id));
}

export async function findVisibleCustomer(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.id, id), customerVisibleWhere(actor)));
  return row;
}

export async function findVisibleOpportunity(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: opportunities.id, name: opportunities.name, customerId: opportunities.customerId })
    .from(opportunities)
    .where(and(eq(opportunities.id, id), opportunityVisibleWhere(actor)));
  return row;
}

/** The customer an opportunity belongs to, whatever the actor's scope. */
export async function customerOfOpportunity(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ customerId: opportunities.customerId })
    .from(opportunities)
    .where(eq(opportunities.id, id));
  return row?.customerId;
}

export async function insertInteraction(
  tx: Tx,
  values: typeof interactions.$inferInsert,
): Promise<Interaction> {
  const [row] = await tx.insert(interactions).values(values).returning();
  return row!;
}

/** Applies a change when `version` is current; undefined when stale. */
export function updateInteraction(
  tx: Tx,
  key: { id: string; version: number },
  set: Partial<typeof interactions.$inferInsert>,
): Promise<Interaction | undefined> {
  return updateVersioned(tx, interactions, key, set);
}
