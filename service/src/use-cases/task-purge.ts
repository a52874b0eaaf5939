/**
 * The end of the trash for tasks: tasks deleted longer ago than the restore window go for good, with
 * everything that hangs on them (assignees, watchers, dependencies either way, status history,
 * comments, time entries, reminders: all `on delete cascade`). Meant to run inside the trash purge's
 * per-organization transaction (`use-cases/purge-trash.ts`), whose document sweep should then also
 * treat documents of a task that no longer exists as orphans.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Tx } from '../core/db/database.js';
import { tasks } from '../core/db/schema.js';

/** Deletes the organization's tasks deleted before `cutoff`; returns how many. */
export async function purgeTrashedTasks(tx: Tx, tenantId: string, cutoff: Date): Promise<number> {
  const rows = await tx
    .delete(tasks)
    .where(and(eq(tasks.tenantId, tenantId), lt(tasks.deletedAt, cutoff)))
    .returning({ id: tasks.id });
  return rows.length;
}
