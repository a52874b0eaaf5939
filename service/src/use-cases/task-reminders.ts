/**
 * Task reminders, every minute: the reminders (`task_reminders`, written by the task commands) whose
 * time has come are claimed and told as `task.deadline` (before the due date) or `task.overdue` (the
 * escalation after it) events, which notifications and realtime turn into messages.
 *
 * Finding the organizations with something due is system work (`app.system = 'schedules'` may read the
 * reminders of every tenant); the claim and the events are written in each organization's own scope, in
 * batches, each one transaction: `update ... set sent_at = now() where sent_at is null returning`, so two
 * workers (or two schedulers' jobs for neighbouring slots) never send one reminder twice.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../core/db/database.js';
import { emitEvents, type DomainEvent } from '../core/events/events.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import type { Schedule } from '../core/jobs/schedules.js';
import type { Logger } from '../core/logger.js';
import type { WorkerDeps } from '../core/module/module.js';

/** Reminders claimed per transaction: 100k due in one minute are 20 transactions of one bulk insert each. */
export const REMINDER_BATCH = 5_000;

interface ClaimedRow {
  task_id: string;
  offset_minutes: number;
  title: string;
  visibility: string;
  priority: string;
  status: string;
  due_at: string | null;
  created_by: string;
  customer_id: string | null;
  opportunity_id: string | null;
  live: boolean;
  assignee_ids: string[];
  watcher_ids: string[];
}

/** The organizations with unsent reminders due by `until` (system scope: reads every tenant's). */
export async function tenantsWithDueReminders(db: Database, until: Date): Promise<string[]> {
  const rows = await db.transaction({ tenantId: null, system: 'schedules' }, (tx) =>
    queryRows<{ tenant_id: string }>(
      tx,
      sql`select distinct r.tenant_id from task_reminders r
        where r.sent_at is null and r.remind_at <= ${until.toISOString()}::timestamptz`,
    ),
  );
  return rows.map((row) => row.tenant_id);
}

/**
 * Claims up to `limit` of the organization's due reminders and writes their events, in the caller's
 * transaction (the organization's scope). Rows another transaction holds are skipped, not waited for.
 */
export async function claimDueReminders(
  tx: Tx,
  tenantId: string,
  until: Date,
  limit: number = REMINDER_BATCH,
): Promise<number> {
  const rows = await queryRows<ClaimedRow>(
    tx,
    sql`with due as (
        select r.task_id, r.offset_minutes from task_reminders r
        where r.tenant_id = ${tenantId} and r.sent_at is null and r.remind_at <= ${until.toISOString()}::timestamptz
        order by r.remind_at limit ${limit}
        for update skip locked
      ), claimed as (
        update task_reminders r set sent_at = now() from due
        where r.tenant_id = ${tenantId} and r.task_id = due.task_id and r.offset_minutes = due.offset_minutes
          and r.sent_at is null
        returning r.task_id, r.offset_minutes
      ), assignees as (
        select a.task_id, array_agg(a.user_id order by a.created_at, a.user_id)::text[] as ids
        from task_assignees a where a.tenant_id = ${tenantId} and a.task_id in (select task_id from claimed)
        group by a.task_id
      ), watchers as (
        select w.task_id, array_agg(w.user_id order by w.created_at, w.user_id)::text[] as ids
        from task_watchers w where w.tenant_id = ${tenantId} and w.task_id in (select task_id from claimed)
        group by w.task_id
      )
      select c.task_id, c.offset_minutes, t.title, t.visibility, t.priority, t.status,
        to_json(t.due_at) #>> '{}' as due_at, t.created_by, t.customer_id, t.opportunity_id,
        (t.deleted_at is null and t.due_at is not null and t.status not in ('done', 'cancelled')) as live,
        coalesce(a.ids, '{}') as assignee_ids, coalesce(w.ids, '{}') as watcher_ids
      from claimed c join tasks t on t.tenant_id = ${tenantId} and t.id = c.task_id
      left join assignees a on a.task_id = c.task_id
      left join watchers w on w.task_id = c.task_id`,
  );
  // A reminder of a task closed or deleted meanwhile is claimed (so it is never sent) but told to no one.
  const live = rows.filter((row) => row.live);
  const events: DomainEvent[] = live.map((row) => ({
    name: row.offset_minutes < 0 ? 'task.overdue' : 'task.deadline',
    stream: { type: 'task', id: row.task_id },
    payload: {
      taskId: row.task_id,
      title: row.title,
      visibility: row.visibility,
      priority: row.priority,
      status: row.status,
      dueAt: row.due_at ? new Date(row.due_at).toISOString() : null,
      createdBy: row.created_by,
      assigneeIds: row.assignee_ids,
      watcherIds: row.watcher_ids,
      customerId: row.customer_id,
      opportunityId: row.opportunity_id,
      offsetMinutes: row.offset_minutes,
      ...(row.offset_minutes < 0 && { overdueMinutes: -row.offset_minutes }),
    },
  }));
  await emitEvents(tx, tenantId, events);
  const escalated = live.filter((row) => row.offset_minutes < 0).map((row) => row.task_id);
  if (escalated.length)
    await tx.execute(
      sql`update tasks set escalated_at = now() where tenant_id = ${tenantId} and id = any(${`{${escalated.join(',')}}`}::uuid[])`,
    );
  return rows.length;
}

export interface ReminderRun {
  organizations: number;
  /** Reminders claimed (events written for those of open tasks). */
  claimed: number;
}

/**
 * Sends every reminder due by `until` (the slot's end; now by default), organization by organization,
 * `batch` per transaction. One organization failing does not stop the others; the run then fails.
 */
export async function sendDueReminders(options: {
  db: Database;
  until?: Date;
  batch?: number;
  logger?: Logger;
}): Promise<ReminderRun> {
  const { db, logger } = options;
  const until = options.until ?? new Date();
  const batch = options.batch ?? REMINDER_BATCH;
  const tenantIds = await tenantsWithDueReminders(db, until);
  let claimed = 0;
  const failures: unknown[] = [];
  for (const tenantId of tenantIds) {
    try {
      for (;;) {
        const count = await db.transaction({ tenantId }, (tx) =>
          claimDueReminders(tx, tenantId, until, batch),
        );
        claimed += count;
        if (count < batch) break;
      }
    } catch (error) {
      logger?.error({ err: error, tenantId }, 'task reminders of an organization failed');
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `task reminders failed in ${failures.length} organizations`);
  return { organizations: tenantIds.length, claimed };
}

/** Every minute, on the scheduler; the job runs on a worker. */
export const taskRemindersSchedule: Schedule = {
  name: 'tasks.reminders',
  cron: '* * * * *',
  queue: QUEUES.taskReminders,
  data: {},
};

export async function registerTaskRemindersWorker(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<{ until?: string }>(QUEUES.taskReminders, async (data) => {
    const until = data.until ? new Date(data.until) : new Date();
    const run = await sendDueReminders({ db: deps.db, until, logger: deps.logger });
    if (run.claimed) deps.logger.info({ ...run, until }, 'task reminders sent');
  });
}
