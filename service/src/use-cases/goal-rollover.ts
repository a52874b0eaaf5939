/**
 * Goal period rollover: a recurring goal whose period ended gets the next period's goal in the same
 * series (same name, metric, target and owner), up to the period holding now, one transaction per
 * organization. Running it twice (two workers, a retried job) creates nothing more: the series' latest
 * goal is locked and the next period is looked for again before it is created.
 */
import { sql } from 'drizzle-orm';
import { newId } from '../core/db/columns.js';
import { queryRows, type Database, type Tx } from '../core/db/database.js';
import { tenants } from '../core/db/schema.js';
import { recordChange } from '../core/events/record-change.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import type { Schedule } from '../core/jobs/schedules.js';
import type { Logger } from '../core/logger.js';
import type { WorkerDeps } from '../core/module/module.js';
import { asPlatform } from '../core/platform/as-platform.js';
import { evaluateGoals, goalPayload } from '../modules/goals/goal-milestones.js';
import { nextPeriod } from '../modules/goals/goal-periods.js';
import { goals, type Goal } from '../modules/goals/goals.tables.js';

/** Periods created per series and run at most (a weekly goal left alone for years catches up in steps). */
const MAX_PERIODS_PER_RUN = 60;

export interface OrganizationRollover {
  tenantId: string;
  /** Goals created for new periods. */
  created: number;
}

/**
 * The latest goal of each recurring series whose period has ended, locked. A series ends with its
 * latest goal: when that one is deleted or no longer recurring, nothing follows.
 */
async function endedSeries(tx: Tx, now: Date): Promise<{ id: string }[]> {
  return queryRows<{ id: string }>(
    tx,
    sql`select g.id from goals g
      where g.deleted_at is null and g.recurring and g.period_end <= ${now.toISOString()}::timestamptz
        and not exists (select 1 from goals later where later.tenant_id = g.tenant_id
          and later.series_id = g.series_id and later.period_start >= g.period_end)
        and (g.owner_user_id is null or exists (select 1 from memberships m
          where m.tenant_id = g.tenant_id and m.user_id = g.owner_user_id and m.status = 'active'))
      order by g.id
      for update of g`,
  );
}

/** Whether the series already has a goal starting at `start` (asked again after the lock: a new snapshot). */
async function periodTaken(tx: Tx, goal: Goal, start: Date): Promise<boolean> {
  const rows = await queryRows(
    tx,
    sql`select 1 from goals where series_id = ${goal.seriesId ?? goal.id} and period_start >= ${start.toISOString()}::timestamptz limit 1`,
  );
  return rows.length > 0;
}

async function rollSeries(tx: Tx, tenantId: string, latest: Goal, now: Date): Promise<string[]> {
  const created: string[] = [];
  let current = { start: latest.periodStart, end: latest.periodEnd };
  if (await periodTaken(tx, latest, current.end)) return created;
  while (current.end <= now && created.length < MAX_PERIODS_PER_RUN) {
    current = nextPeriod(latest.period, current);
    const id = newId();
    const [goal] = await tx
      .insert(goals)
      .values({
        tenantId,
        id,
        seriesId: latest.seriesId ?? latest.id,
        name: latest.name,
        metric: latest.metric,
        interactionType: latest.interactionType,
        target: latest.target,
        period: latest.period,
        periodStart: current.start,
        periodEnd: current.end,
        ownerUserId: latest.ownerUserId,
        ownerTeamId: latest.ownerTeamId,
        recurring: true,
        createdBy: latest.createdBy,
      })
      .returning();
    await recordChange(tx, tenantId, {
      name: 'goal.created',
      record: { type: 'goal', id },
      after: goal!,
      payload: { ...goalPayload(goal!), rolledOverFrom: latest.id },
    });
    created.push(id);
  }
  return created;
}

/** One organization's rollover, in its own transaction. */
export function rollOverOrganization(options: {
  db: Database;
  tenantId: string;
  now: Date;
}): Promise<OrganizationRollover> {
  const { db, tenantId, now } = options;
  return db.transaction({ tenantId }, async (tx) => {
    const ended = await endedSeries(tx, now);
    const created: string[] = [];
    for (const { id } of ended) {
      const [latest] = await tx
        .select()
        .from(goals)
        .where(sql`${goals.id} = ${id}`);
      created.push(...(await rollSeries(tx, tenantId, latest!, now)));
    }
    await evaluateGoals(tx, tenantId, created);
    return { tenantId, created: created.length };
  });
}

/**
 * Rolls recurring goals over in every organization. One organization failing does not stop the others;
 * the run then fails at the end (the job is retried, and a second run creates nothing twice).
 */
export async function rollOverGoals(options: {
  db: Database;
  now?: Date;
  logger?: Logger;
}): Promise<OrganizationRollover[]> {
  const { db, logger } = options;
  const now = options.now ?? new Date();
  const tenantIds = await asPlatform(
    db,
    { userId: null },
    { action: 'goals.rollover_started', entityType: 'organization', after: { at: now } },
    async (tx) => (await tx.select({ id: tenants.id }).from(tenants)).map((tenant) => tenant.id),
  );
  const results: OrganizationRollover[] = [];
  const failures: unknown[] = [];
  for (const tenantId of tenantIds) {
    try {
      results.push(await rollOverOrganization({ db, tenantId, now }));
    } catch (error) {
      logger?.error({ err: error, tenantId }, 'goal rollover of an organization failed');
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `goal rollover failed in ${failures.length} organizations`);
  return results;
}

/** Every day at 00:05 UTC (periods end at midnight UTC), on the scheduler; the job runs on a worker. */
export const goalRolloverSchedule: Schedule = {
  name: 'goals.rollover',
  cron: '5 0 * * *',
  queue: QUEUES.goalRollover,
  data: {},
};

export async function registerGoalRolloverWorker(deps: WorkerDeps): Promise<void> {
  await deps.queue.work(QUEUES.goalRollover, async () => {
    const results = await rollOverGoals({ db: deps.db, logger: deps.logger });
    deps.logger.info(
      { organizations: results.length, created: results.reduce((sum, r) => sum + r.created, 0) },
      'goals rolled over',
    );
  });
}
