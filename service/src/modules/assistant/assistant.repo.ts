import { and, desc, eq, gt } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { assistantTurns, type AssistantTurn, type TurnChange } from './assistant.tables.js';

export async function insertTurn(tx: Tx, turn: typeof assistantTurns.$inferInsert): Promise<AssistantTurn> {
  const [row] = await tx.insert(assistantTurns).values(turn).returning();
  return row!;
}

/** A turn of the organization (row-level security keeps it to the actor's tenant), locked for the action. */
export async function findTurn(tx: Tx, id: string): Promise<AssistantTurn | undefined> {
  const [row] = await tx.select().from(assistantTurns).where(eq(assistantTurns.id, id)).for('update');
  return row;
}

export async function setStatus(
  tx: Tx,
  id: string,
  status: AssistantTurn['status'],
  changes: TurnChange[],
): Promise<AssistantTurn> {
  const [row] = await tx
    .update(assistantTurns)
    .set({ status, changes, pending: [] })
    .where(and(eq(assistantTurns.id, id)))
    .returning();
  return row!;
}

/** A member's own turns, newest first. */
export function listTurns(tx: Tx, userId: string, limit: number): Promise<AssistantTurn[]> {
  return tx
    .select()
    .from(assistantTurns)
    .where(eq(assistantTurns.userId, userId))
    .orderBy(desc(assistantTurns.createdAt), desc(assistantTurns.id))
    .limit(limit);
}

/**
 * The member's latest turn of a status in this conversation still within its ten minutes, locked: the question
 * waiting for an answer (`asking`), the change waiting for Confirm (`pending`), the last one Undo can take back.
 */
export async function findLatest(
  tx: Tx,
  userId: string,
  conversation: string,
  status: AssistantTurn['status'],
): Promise<AssistantTurn | undefined> {
  const [row] = await tx
    .select()
    .from(assistantTurns)
    .where(
      and(
        eq(assistantTurns.userId, userId),
        eq(assistantTurns.conversation, conversation),
        eq(assistantTurns.status, status),
        gt(assistantTurns.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(assistantTurns.createdAt))
    .limit(1)
    .for('update');
  return row;
}
