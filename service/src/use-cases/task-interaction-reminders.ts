/**
 * Deal reminders, every day:
 * - an open deal nobody touched (no interaction logged on it) for the organization's
 *   `interactionReminderDays` raises `customer.interaction_reminder` for its owner, at most once per deal
 *   in any window of that many days;
 * - an open deal whose expected close date is at most `CLOSE_WARNING_DAYS` away (or passed today) raises
 *   `opportunity.deadline_approaching`, once per deal and close date (a moved date warns again).
 * The event log is the record of what was raised; a lock per organization keeps two runs from both
 * writing one.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../core/db/database.js';
import { tenants } from '../core/db/schema.js';
import { emitEvents } from '../core/events/events.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import type { Schedule } from '../core/jobs/schedules.js';
import type { Logger } from '../core/logger.js';
import type { WorkerDeps } from '../core/module/module.js';
import { asPlatform } from '../core/platform/as-platform.js';

interface QuietDeal {
  id: string;
  name: string;
  customer_id: string;
  owner_id: string;
  last_interaction_at: string | null;
  days: number;
}

/** Writes the reminders of one organization's quiet deals, in the caller's transaction; returns how many. */
export async function remindQuietDeals(tx: Tx, tenantId: string, now: Date): Promise<number> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`interaction-reminders:${tenantId}`}, 0))`,
  );
  const at = sql`${now.toISOString()}::timestamptz`;
  const deals = await queryRows<QuietDeal>(
    tx,
    sql`with settings as (
        select coalesce((select s.interaction_reminder_days from task_settings s where s.tenant_id = ${tenantId}), 14) as days
      )
      select o.id, o.name, o.customer_id, o.owner_id, to_json(last.at) #>> '{}' as last_interaction_at, settings.days
      from opportunities o
      cross join settings
      left join lateral (select max(i.occurred_at) as at from interactions i
        where i.tenant_id = o.tenant_id and i.opportunity_id = o.id and i.deleted_at is null) last on true
      where o.tenant_id = ${tenantId} and o.deleted_at is null and o.status = 'open'
        and coalesce(last.at, o.created_at) <= ${at} - make_interval(days => settings.days)
        and not exists (select 1 from domain_events e
          where e.tenant_id = o.tenant_id and e.stream_type = 'opportunity' and e.stream_id = o.id
            and e.name = 'customer.interaction_reminder'
            and e.occurred_at > ${at} - make_interval(days => settings.days))
      order by o.id`,
  );
  await emitEvents(
    tx,
    tenantId,
    deals.map((deal) => ({
      name: 'customer.interaction_reminder' as const,
      stream: { type: 'opportunity', id: deal.id },
      payload: {
        opportunityId: deal.id,
        name: deal.name,
        customerId: deal.customer_id,
        ownerId: deal.owner_id,
        lastInteractionAt: deal.last_interaction_at ? new Date(deal.last_interaction_at).toISOString() : null,
        days: deal.days,
      },
    })),
  );
  return deals.length;
}

/** How many days before its expected close date an open deal's owner is warned. */
export const CLOSE_WARNING_DAYS = 7;

interface ClosingDeal {
  id: string;
  name: string;
  customer_id: string | null;
  owner_id: string;
  expected_close_date: string;
  days: number;
}

/** Writes the close-date warnings of one organization's deals, in the caller's transaction. */
export async function warnClosingDeals(tx: Tx, tenantId: string, now: Date): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`close-warnings:${tenantId}`}, 0))`);
  const today = sql`(${now.toISOString()}::timestamptz at time zone 'UTC')::date`;
  const deals = await queryRows<ClosingDeal>(
    tx,
    sql`select o.id, o.name, o.customer_id, o.owner_id, o.expected_close_date::text as expected_close_date,
        (o.expected_close_date - ${today})::int as days
      from opportunities o
      where o.tenant_id = ${tenantId} and o.deleted_at is null and o.status = 'open'
        and o.expected_close_date between ${today} and ${today} + ${CLOSE_WARNING_DAYS}::int
        and not exists (select 1 from domain_events e
          where e.tenant_id = o.tenant_id and e.stream_type = 'opportunity' and e.stream_id = o.id
            and e.name = 'opportunity.deadline_approaching'
            and e.payload->>'expectedCloseDate' = o.expected_close_date::text)
      order by o.id`,
  );
  await emitEvents(
    tx,
    tenantId,
    deals.map((deal) => ({
      name: 'opportunity.deadline_approaching' as const,
      stream: { type: 'opportunity', id: deal.id },
      payload: {
        opportunityId: deal.id,
        name: deal.name,
        customerId: deal.customer_id,
        ownerId: deal.owner_id,
        expectedCloseDate: deal.expected_close_date,
        days: deal.days,
      },
    })),
  );
  return deals.length;
}

export async function sendInteractionReminders(options: {
  db: Database;
  now?: Date;
  logger?: Logger;
}): Promise<{ organizations: number; reminded: number; closing: number }> {
  const { db, logger } = options;
  const now = options.now ?? new Date();
  const tenantIds = await asPlatform(
    db,
    { userId: null },
    { action: 'crm.interaction_reminders_checked', entityType: 'organization', after: { at: now } },
    async (tx) => (await tx.select({ id: tenants.id }).from(tenants)).map((tenant) => tenant.id),
  );
  let reminded = 0;
  let closing = 0;
  const failures: unknown[] = [];
  for (const tenantId of tenantIds) {
    try {
      await db.transaction({ tenantId }, async (tx) => {
        reminded += await remindQuietDeals(tx, tenantId, now);
        closing += await warnClosingDeals(tx, tenantId, now);
      });
    } catch (error) {
      logger?.error({ err: error, tenantId }, 'interaction reminders of an organization failed');
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `interaction reminders failed in ${failures.length} organizations`);
  return { organizations: tenantIds.length, reminded, closing };
}

/** Every day at 07:10 UTC, on the scheduler; the job runs on a worker. */
export const interactionRemindersSchedule: Schedule = {
  name: 'crm.interaction_reminders',
  cron: '10 7 * * *',
  queue: QUEUES.interactionReminders,
  data: {},
};

export async function registerInteractionRemindersWorker(deps: WorkerDeps): Promise<void> {
  await deps.queue.work<{ now?: string }>(QUEUES.interactionReminders, async (data) => {
    const now = data.now ? new Date(data.now) : new Date();
    const run = await sendInteractionReminders({ db: deps.db, now, logger: deps.logger });
    if (run.reminded || run.closing) deps.logger.info(run, 'deal reminders raised');
  });
}
