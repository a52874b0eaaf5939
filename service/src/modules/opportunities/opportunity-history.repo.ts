import { and, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../core/db/database.js';
import { stages } from '../pipelines/pipelines.tables.js';
import { users } from '../users/users.tables.js';
import { opportunityAmountHistory, opportunityStageHistory } from './opportunities.tables.js';

interface ChangeBase {
  id: string;
  at: Date;
  /** `at` as PostgreSQL prints it (microseconds): the exact keyset cursor. */
  atKey: string;
  by: { id: string; name: string } | null;
  via: string;
}

export interface StageChangeRow extends ChangeBase {
  type: 'stage';
  fromStage: { id: string; name: string } | null;
  toStage: { id: string; name: string };
  lostReason: string | null;
}

export interface AmountChangeRow extends ChangeBase {
  type: 'amount';
  fromAmount: string | null;
  fromCurrency: string | null;
  toAmount: string;
  toCurrency: string;
}

export type ChangeRow = StageChangeRow | AmountChangeRow;

type Cursor = { at: string; id: string } | undefined;

/** `(at, id) < cursor`: rows after the cursor in newest-first order. */
function before(table: { at: unknown; id: unknown }, cursor: Cursor) {
  if (!cursor) return undefined;
  return or(
    sql`${table.at} < ${cursor.at}::timestamptz`,
    and(sql`${table.at} = ${cursor.at}::timestamptz`, sql`${table.id} < ${cursor.id}`),
  );
}

const fromStage = alias(stages, 'from_stage');
const toStage = alias(stages, 'to_stage');

async function stageChanges(tx: Tx, opportunityId: string, cursor: Cursor, limit: number) {
  const h = opportunityStageHistory;
  const rows = await tx
    .select({
      id: h.id,
      at: h.at,
      atKey: sql<string>`${h.at}::text`,
      byId: h.byUserId,
      byName: users.name,
      via: h.via,
      fromStageId: h.fromStageId,
      fromStageName: fromStage.name,
      toStage: { id: toStage.id, name: toStage.name },
      lostReason: h.lostReason,
    })
    .from(h)
    .innerJoin(toStage, and(eq(toStage.tenantId, h.tenantId), eq(toStage.id, h.toStageId)))
    .leftJoin(fromStage, and(eq(fromStage.tenantId, h.tenantId), eq(fromStage.id, h.fromStageId)))
    .leftJoin(users, eq(users.id, h.byUserId))
    .where(and(eq(h.opportunityId, opportunityId), before(h, cursor)))
    .orderBy(desc(h.at), desc(h.id))
    .limit(limit);
  return rows.map(({ byId, byName, fromStageId, fromStageName, ...row }): StageChangeRow => ({
    type: 'stage',
    ...row,
    by: byId ? { id: byId, name: byName ?? '' } : null,
    fromStage: fromStageId ? { id: fromStageId, name: fromStageName ?? '' } : null,
  }));
}

async function amountChanges(tx: Tx, opportunityId: string, cursor: Cursor, limit: number) {
  const h = opportunityAmountHistory;
  const rows = await tx
    .select({
      id: h.id,
      at: h.at,
      atKey: sql<string>`${h.at}::text`,
      byId: h.byUserId,
      byName: users.name,
      via: h.via,
      fromAmount: h.fromAmount,
      fromCurrency: h.fromCurrency,
      toAmount: h.toAmount,
      toCurrency: h.toCurrency,
    })
    .from(h)
    .leftJoin(users, eq(users.id, h.byUserId))
    .where(and(eq(h.opportunityId, opportunityId), before(h, cursor)))
    .orderBy(desc(h.at), desc(h.id))
    .limit(limit);
  return rows.map(({ byId, byName, ...row }): AmountChangeRow => ({
    type: 'amount',
    ...row,
    by: byId ? { id: byId, name: byName ?? '' } : null,
  }));
}

/**
 * Up to `limit` changes of a deal (stage moves and amount changes), newest first, after `cursor`. Each
 * table is read in the same order and the two are merged: one keyset over both.
 */
export async function changesOf(
  tx: Tx,
  input: { opportunityId: string; cursor: Cursor; limit: number },
): Promise<ChangeRow[]> {
  const { opportunityId, cursor, limit } = input;
  const rows: ChangeRow[] = [
    ...(await stageChanges(tx, opportunityId, cursor, limit)),
    ...(await amountChanges(tx, opportunityId, cursor, limit)),
  ];
  // Microsecond keys compare as the database does; ties on `at` go by id, as in SQL.
  const newestFirst = (a: ChangeRow, b: ChangeRow) =>
    b.at.getTime() - a.at.getTime() || compareKeys(b.atKey, a.atKey) || compareKeys(b.id, a.id);
  return rows.sort(newestFirst).slice(0, limit);
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The history tables' columns, for set-based writers (the demo loader, imports). */
export const STAGE_HISTORY_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['opportunity_id', 'uuid'],
  ['from_stage_id', 'uuid'],
  ['to_stage_id', 'uuid'],
  ['at', 'timestamptz'],
  ['by_user_id', 'uuid'],
  ['via', 'text'],
  ['lost_reason', 'text'],
] as const;

export const AMOUNT_HISTORY_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['opportunity_id', 'uuid'],
  ['from_amount', 'numeric'],
  ['from_currency', 'char(3)'],
  ['to_amount', 'numeric'],
  ['to_currency', 'char(3)'],
  ['at', 'timestamptz'],
  ['by_user_id', 'uuid'],
  ['via', 'text'],
] as const;
