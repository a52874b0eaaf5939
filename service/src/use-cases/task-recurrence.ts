/**
 * Recurring tasks, every hour: for each recurring series whose latest open occurrence is followed by a
 * date within the horizon (a day), the next occurrence is created ahead of time, so it shows in lists
 * and gets its reminders before its day. Completing an occurrence creates the next one too; a lock on
 * the series and a check for an occurrence at that date make the two (and two runs) create it once.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../core/db/database.js';
import { tenants } from '../core/db/schema.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import type { Schedule } from '../core/jobs/schedules.js';
import type { Logger } from '../core/logger.js';
import type { WorkerDeps } from '../core/module/module.js';
import { asPlatform } from '../core/platform/as-platform.js';
import { createNextOccurrence, withRelations } from '../modules/tasks/tasks.commands.js';
import * as repo from '../modules/tasks/tasks.repo.js';

export const RECURRENCE_HORIZON_MS = 24 * 60 * 60 * 1000;
const SERIES_PER_TRANSACTION = 500;

/** One organization's due occurrences, in transactions of a few hundred series; returns how many were created. */
export async function createDueOccurrencesOf(
  db: Database,
  tenantId: string,
  notAfter: Date,
): Promise<number> {
  let created = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.transaction({ tenantId }, async (tx) => {
      // The latest live occurrence of each series (by series id, in pages), when it is still open.
      const latest = await queryRows<{ series_id: string; id: string; status: string }>(
        tx,
        sql`select * from (select distinct on (coalesce(t.series_id, t.id)) coalesce(t.series_id, t.id) as series_id,
            t.id, t.status
          from tasks t
          where t.tenant_id = ${tenantId} and t.recurrence is not null and t.due_at is not null
            and t.deleted_at is null and coalesce(t.series_id, t.id) > ${after}::uuid
          order by coalesce(t.series_id, t.id), t.due_at desc, t.id desc) latest
        order by series_id limit ${SERIES_PER_TRANSACTION}`,
      );
      for (const row of latest) {
        after = row.series_id;
        if (row.status === 'done' || row.status === 'cancelled') continue;
        const task = await repo.findById(tx, row.id);
        if (!task) continue;
        const next = await createNextOccurrence(tx, await withRelations(tx, task), null, {
          notAfter,
          skipExisting: true,
        });
        if (next) created++;
      }
      return latest.length < SERIES_PER_TRANSACTION;
    });
    if (done) return created;
  }
}

/** Every organization's due occurrences (`now` plus the horizon). */
export async function createDueOccurrences(options: {
  db: Database;
  now?: Date;
  logger?: Logger;
}): Promise<{ organizations: number; created: number }> {
  const { db, logger } = options;
  const notAfter = new Date((options.now ?? new Date()).getTime() + RECURRENCE_HORIZON_MS);
  const tenantIds = await asPlatform(
    db,
    { userId: null },
    { action: 'tasks.recurrence_checked', entityType: 'organization', after: { notAfter } },
    async (tx) => (await tx.select({ id: tenants.id }).from(tenants)).map((tenant) => tenant.id),
  );
  let created = 0;
  const failures: unknown[] = [];
  for (const tenantId of tenantIds) {
    try {
      created += await createDueOccurrencesOf(db, tenantId, notAfter);
    } catch (error) {
      logger?.error({ err: error, tenantId }, 'recurring tasks of an organization failed');
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `recurring tasks failed in ${failures.length} organizations`);
  return { organizations: tenantIds.length, created };
}

/** Every hour at :05, on the scheduler; the job runs on a worker. */
export const recurringTasksSchedule: Schedule = {
  name: 'tasks.recurrence',
  cron: '5 * * * *',
  queue: QUEUES.recurringTasks,
  data: {},
};

export async function registerRecurringTasksWorker(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<{ now?: string }>(QUEUES.recurringTasks, async (data) => {
    const now = data.now ? new Date(data.now) : new Date();
    const run = await createDueOccurrences({ db: deps.db, now, logger: deps.logger });
    if (run.created) deps.logger.info(run, 'recurring task occurrences created');
  });
}
