import { and, desc, eq, getTableColumns, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '../../core/db/database.js';
import { updateVersioned } from '../../core/db/versioned.js';
import type { Actor } from '../../core/identity/actor.js';
import { managedUserIds } from '../../core/identity/record-scope.js';
import { memberships } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';
import { users } from '../users/users.tables.js';
import { changeableWhere, managedTeamIds, setsAnyGoal, visibleWhere } from './goals.policy.js';
import { goalMilestones, goals, type Goal, type GoalMetric } from './goals.tables.js';

const ownerUsers = alias(users, 'owner_user');

/** A goal with the names of its owner. */
export type GoalRow = Goal & { ownerUserName: string | null; ownerTeamName: string | null };

function selectGoals(tx: Tx, extra: Record<string, SQL.Aliased> = {}) {
  return tx
    .select({
      ...getTableColumns(goals),
      ownerUserName: ownerUsers.name,
      ownerTeamName: teams.name,
      ...extra,
    })
    .from(goals)
    .leftJoin(ownerUsers, eq(ownerUsers.id, goals.ownerUserId))
    .leftJoin(teams, and(eq(teams.tenantId, goals.tenantId), eq(teams.id, goals.ownerTeamId)));
}

export interface GoalFilter {
  limit: number;
  /** Keyset: the period start (ISO) and id of the last row of the previous page. */
  after?: [string, string] | undefined;
  ownerUserId?: string | undefined;
  ownerTeamId?: string | undefined;
  metric?: GoalMetric | undefined;
  period?: Goal['period'] | undefined;
  current?: boolean | undefined;
  seriesId?: string | undefined;
}

/** A page of visible goals, latest period first (reads `limit + 1` rows). */
export function listVisible(tx: Tx, actor: Actor, filter: GoalFilter): Promise<GoalRow[]> {
  const now = sql`now()`;
  const conditions: (SQL | undefined)[] = [
    visibleWhere(actor),
    filter.ownerUserId ? eq(goals.ownerUserId, filter.ownerUserId) : undefined,
    filter.ownerTeamId ? eq(goals.ownerTeamId, filter.ownerTeamId) : undefined,
    filter.metric ? eq(goals.metric, filter.metric) : undefined,
    filter.period ? eq(goals.period, filter.period) : undefined,
    filter.seriesId ? eq(goals.seriesId, filter.seriesId) : undefined,
    filter.current === undefined
      ? undefined
      : filter.current
        ? sql`${goals.periodStart} <= ${now} and ${goals.periodEnd} > ${now}`
        : sql`not (${goals.periodStart} <= ${now} and ${goals.periodEnd} > ${now})`,
    filter.after
      ? sql`(${goals.periodStart}, ${goals.id}) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`
      : undefined,
  ];
  return selectGoals(tx)
    .where(and(...conditions))
    .orderBy(desc(goals.periodStart), desc(goals.id))
    .limit(filter.limit + 1);
}

/** The goal when the actor sees it, and whether they may set it; undefined when they may not see it. */
export async function findVisible(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<(GoalRow & { changeable: boolean }) | undefined> {
  const changeable = sql<boolean>`${changeableWhere(actor) ?? sql`true`}`.as('changeable');
  const query = selectGoals(tx, { changeable })
    .where(and(eq(goals.id, id), visibleWhere(actor)))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: goals }) : query);
  return row as (GoalRow & { changeable: boolean }) | undefined;
}

/** A goal by id, whatever the actor's scope: what a command just wrote, to present it. */
export async function findById(tx: Tx, id: string): Promise<GoalRow | undefined> {
  const [row] = await selectGoals(tx).where(eq(goals.id, id)).limit(1);
  return row;
}

export async function insertGoal(tx: Tx, values: typeof goals.$inferInsert): Promise<Goal> {
  const [row] = await tx.insert(goals).values(values).returning();
  return row!;
}

/** Applies a change when `version` is current; undefined when stale. */
export function updateGoal(
  tx: Tx,
  key: { id: string; version: number },
  set: Partial<typeof goals.$inferInsert>,
): Promise<Goal | undefined> {
  return updateVersioned(tx, goals, key, set);
}

/** Whether `userId` is an active member, and whether the actor may set their goals. */
export async function ownerUserCheck(
  tx: Tx,
  actor: Actor,
  userId: string,
): Promise<{ inScope: boolean } | undefined> {
  const inScope = setsAnyGoal(actor)
    ? sql`true`
    : sql`(m.user_id = ${actor.userId} or m.user_id in ${managedUserIds(actor.userId)})`;
  const [row] = await queryRows<{ in_scope: boolean }>(
    tx,
    sql`select ${inScope} as in_scope from ${memberships} m where m.user_id = ${userId} and m.status = 'active'`,
  );
  return row && { inScope: row.in_scope };
}

/** Whether the team exists, and whether the actor may set its goals. */
export async function ownerTeamCheck(
  tx: Tx,
  actor: Actor,
  teamId: string,
): Promise<{ inScope: boolean } | undefined> {
  const inScope = setsAnyGoal(actor) ? sql`true` : sql`(t.id in ${managedTeamIds(actor.userId)})`;
  const [row] = await queryRows<{ in_scope: boolean }>(
    tx,
    sql`select ${inScope} as in_scope from ${teams} t where t.id = ${teamId}`,
  );
  return row && { inScope: row.in_scope };
}

/** Records milestones; returns those that are new (a second evaluation adds none). */
export async function insertMilestones(
  tx: Tx,
  rows: { tenantId: string; goalId: string; percent: number; value: string }[],
): Promise<{ goalId: string; percent: number }[]> {
  if (!rows.length) return [];
  return tx
    .insert(goalMilestones)
    .values(rows)
    .onConflictDoNothing()
    .returning({ goalId: goalMilestones.goalId, percent: goalMilestones.percent });
}

/**
 * After a goal's definition changed: forgets the milestones it no longer reaches (and its
 * achievement below 100), so they are raised again when reached under the new definition.
 */
export async function forgetUnreached(tx: Tx, goalId: string, reached: readonly number[]): Promise<void> {
  const unreached = reached.length ? notInArray(goalMilestones.percent, [...reached]) : undefined;
  await tx.delete(goalMilestones).where(and(eq(goalMilestones.goalId, goalId), unreached));
  if (!reached.includes(100)) await tx.update(goals).set({ achievedAt: null }).where(eq(goals.id, goalId));
}

/** Marks goals achieved (a computed fact, not an edit: the version stays). */
export async function markAchieved(tx: Tx, goalIds: readonly string[], at: Date): Promise<void> {
  if (!goalIds.length) return;
  await tx
    .update(goals)
    .set({ achievedAt: at })
    .where(and(inArray(goals.id, [...goalIds]), isNull(goals.achievedAt)));
}

/**
 * The live goals not yet achieved that an event may have moved: of one of the metrics, owned by one of
 * the users or by a team one of them belongs to, whose period holds one of the instants.
 */
export async function openGoalsAffected(
  tx: Tx,
  input: { userIds: readonly string[]; metrics: readonly GoalMetric[]; at: readonly Date[] },
): Promise<string[]> {
  if (!input.userIds.length || !input.metrics.length || !input.at.length) return [];
  const list = (values: readonly string[], type: string) =>
    sql.join(
      values.map((value) => sql`${value}::${sql.raw(type)}`),
      sql`, `,
    );
  const users = list(input.userIds, 'uuid');
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select g.id from goals g
      where g.deleted_at is null and g.achieved_at is null
        and g.metric in (${list(input.metrics, 'text')})
        and (g.owner_user_id in (${users})
          or g.owner_team_id in (select tm.team_id from team_members tm where tm.user_id in (${users})))
        and exists (select 1 from unnest(array[${list(
          input.at.map((at) => at.toISOString()),
          'timestamptz',
        )}]) t(at) where g.period_start <= t.at and g.period_end > t.at)`,
  );
  return rows.map((row) => row.id);
}
