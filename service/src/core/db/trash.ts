import { and, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** Days a deleted record stays in the trash, restorable, before the scheduled purge removes it. */
export const TRASH_DAYS = 30;

/**
 * Live records (`deleted_at` null) or, with `trash`, those deleted in the last 30 days: the state part of
 * every soft-deleted kind's `visibleWhere`.
 */
export function trashState(deletedAt: PgColumn, trash = false): SQL {
  return trash
    ? and(isNotNull(deletedAt), sql`${deletedAt} > now() - make_interval(days => ${TRASH_DAYS})`)!
    : isNull(deletedAt);
}
