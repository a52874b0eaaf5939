import { sql } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordChange } from '../../core/events/record-change.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { CommandInput } from '../../core/module/module.js';
import { assertOwnerSettable, settleDefinition, type GoalDefinition } from './goal-definition.js';
import { evaluateGoals, goalPayload } from './goal-milestones.js';
import { calendarPeriod } from './goal-periods.js';
import { progressOf, rankings, type GoalProgressRow } from './goal-progress.repo.js';
import { GOAL_PERMISSIONS, rankedTeamsWhere, visibleWhere } from './goals.policy.js';
import { presentGoal } from './goals.presenter.js';
import * as repo from './goals.repo.js';
import type { CreateGoalInput, RankingsFilters, UpdateGoalInput } from './goals.schema.js';

type Command = CommandInput;

/** A goal with its progress computed now: what every goal command returns. */
export interface GoalWithProgress {
  goal: repo.GoalRow;
  progress: GoalProgressRow | undefined;
}

export interface GoalPage {
  items: GoalWithProgress[];
  nextCursor: string | null;
}

/** What a command just wrote, with its progress (even when the change took it out of the actor's sight). */
async function written(tx: Tx, goalId: string): Promise<GoalWithProgress> {
  const goal = (await repo.findById(tx, goalId))!;
  return { goal, progress: (await progressOf(tx, [goalId])).get(goalId) };
}

/** A goal the actor may see; 404 otherwise. With `change`, one they may set (403 if not). */
async function visibleGoal(tx: Tx, actor: TenantActor, id: string, options: { change?: boolean } = {}) {
  const goal = await repo.findVisible(tx, actor, id, { forUpdate: options.change });
  if (!goal) throw AppError.notFound('Goal');
  if (options.change && !goal.changeable)
    throw AppError.forbidden('Only Org Admins, or the managers of its owner, may change this goal');
  const { changeable: _changeable, ...row } = goal;
  return row;
}

function parseCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  const after = decodeCursor(cursor, 2) as [string, string];
  if (Number.isNaN(Date.parse(after[0])) || !/^[0-9a-f-]{36}$/.test(after[1]))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  return after;
}

export async function listGoals({
  actor,
  tx,
  cursor,
  ...filter
}: Command & Omit<repo.GoalFilter, 'after'> & { cursor?: string | undefined }): Promise<GoalPage> {
  assertAllowed(actor, GOAL_PERMISSIONS, 'list');
  const rows = await repo.listVisible(tx, actor, { ...filter, after: parseCursor(cursor) });
  const page = pageFrom(rows, filter.limit, (row) => [row.periodStart.toISOString(), row.id]);
  const progress = await progressOf(
    tx,
    page.items.map((goal) => goal.id),
  );
  return {
    items: page.items.map((goal) => ({ goal, progress: progress.get(goal.id) })),
    nextCursor: page.nextCursor,
  };
}

export async function getGoal({
  actor,
  tx,
  goalId,
}: Command & { goalId: string }): Promise<GoalWithProgress> {
  assertAllowed(actor, GOAL_PERMISSIONS, 'read');
  const goal = await visibleGoal(tx, actor, goalId);
  return { goal, progress: (await progressOf(tx, [goalId])).get(goalId) };
}

/** The goals of a goal's series (its periods so far), latest first, each with its value and whether it was met. */
export async function goalHistory({
  actor,
  tx,
  goalId,
  limit,
  cursor,
}: Command & { goalId: string; limit: number; cursor?: string | undefined }): Promise<GoalPage> {
  const goal = await visibleGoal(tx, actor, goalId);
  return listGoals({ actor, tx, limit, cursor, seriesId: goal.seriesId ?? goal.id });
}

/**
 * Sets a goal for a person or a team: managers for themselves, their teams and their members; Org
 * Admins for anyone. Its progress is computed at once (a goal created at 60 % reaches 50 % now).
 */
export async function createGoal({
  actor,
  tx,
  ...input
}: Command & CreateGoalInput): Promise<GoalWithProgress> {
  assertAllowed(actor, GOAL_PERMISSIONS, 'create');
  const definition = settleDefinition({
    metric: input.metric,
    interactionType: input.interactionType ?? null,
    target: input.target,
    period: input.period,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    ownerUserId: input.ownerUserId ?? null,
    ownerTeamId: input.ownerTeamId ?? null,
  });
  await assertOwnerSettable(tx, actor, definition);
  const id = newId();
  const created = await repo.insertGoal(tx, {
    tenantId: actor.tenantId,
    id,
    seriesId: id,
    name: input.name,
    ...definition,
    interactionType: input.interactionType ?? null,
    recurring: input.recurring ?? input.period !== 'custom',
    createdBy: actor.userId,
  });
  await recordChange(tx, actor.tenantId, {
    name: 'goal.created',
    record: { type: 'goal', id },
    after: created,
    payload: goalPayload(created),
  });
  await evaluateGoals(tx, actor.tenantId, [id]);
  return written(tx, id);
}

/**
 * The definition after a change: fields not given keep their value, an owner given replaces the other
 * kind of owner, and the period is settled again from its (new or kept) start.
 */
function changedDefinition(before: repo.GoalRow, change: Omit<UpdateGoalInput, 'version'>): GoalDefinition {
  const ownerChanged = change.ownerUserId !== undefined || change.ownerTeamId !== undefined;
  const period = change.period ?? before.period;
  const metric = change.metric ?? before.metric;
  const keptType = metric === 'interactions_logged' ? before.interactionType : null;
  return settleDefinition({
    metric,
    interactionType: change.interactionType !== undefined ? change.interactionType : keptType,
    target: change.target ?? before.target,
    period,
    periodStart: change.periodStart ?? before.periodStart,
    periodEnd: period === 'custom' ? (change.periodEnd ?? before.periodEnd) : change.periodEnd,
    ownerUserId: ownerChanged
      ? (change.ownerUserId ?? (change.ownerTeamId ? null : before.ownerUserId))
      : before.ownerUserId,
    ownerTeamId: ownerChanged
      ? (change.ownerTeamId ?? (change.ownerUserId ? null : before.ownerTeamId))
      : before.ownerTeamId,
  });
}

/** Changes a goal; a new definition (metric, target, period, owner) re-evaluates its milestones. */
export async function updateGoal({
  actor,
  tx,
  goalId,
  version,
  ...change
}: Command & UpdateGoalInput & { goalId: string }): Promise<GoalWithProgress> {
  assertAllowed(actor, GOAL_PERMISSIONS, 'update');
  const before = await visibleGoal(tx, actor, goalId, { change: true });
  const definition = changedDefinition(before, change);
  const ownerMoved =
    definition.ownerUserId !== before.ownerUserId || definition.ownerTeamId !== before.ownerTeamId;
  if (ownerMoved) await assertOwnerSettable(tx, actor, definition);
  const updated = await repo.updateGoal(
    tx,
    { id: goalId, version },
    {
      ...definition,
      interactionType: definition.interactionType as repo.GoalRow['interactionType'],
      ...(change.name !== undefined && { name: change.name }),
      ...(change.recurring !== undefined && { recurring: change.recurring }),
    },
  );
  if (!updated) {
    const current = await written(tx, goalId);
    throw AppError.staleVersion(presentGoal(current.goal, current.progress));
  }
  const redefined = (
    ['metric', 'interactionType', 'target', 'period', 'periodStart', 'periodEnd'] as const
  ).some((key) => String(definition[key]?.valueOf()) !== String(before[key]?.valueOf()));
  if (redefined || ownerMoved) {
    const progress = (await progressOf(tx, [goalId])).get(goalId);
    await repo.forgetUnreached(tx, goalId, progress?.reached ?? []);
  }
  await recordChange(tx, actor.tenantId, {
    name: 'goal.updated',
    record: { type: 'goal', id: goalId },
    before,
    after: updated,
    payload: { ...goalPayload(updated), changes: Object.keys(change) },
  });
  await evaluateGoals(tx, actor.tenantId, [goalId]);
  return written(tx, goalId);
}

/** Deletes a goal (its series stops: the rollover continues only from the latest live goal). */
export async function deleteGoal({ actor, tx, goalId }: Command & { goalId: string }): Promise<void> {
  assertAllowed(actor, GOAL_PERMISSIONS, 'delete');
  const before = await visibleGoal(tx, actor, goalId, { change: true });
  const deleted = await repo.updateGoal(
    tx,
    { id: goalId, version: before.version },
    { deletedAt: new Date(), deletedBy: actor.userId },
  );
  await recordChange(tx, actor.tenantId, {
    name: 'goal.deleted',
    record: { type: 'goal', id: goalId },
    before,
    after: deleted ?? null,
    payload: goalPayload(before),
  });
}

/**
 * Team rankings: the members of the caller's teams (every team for Org Admins) ranked within their
 * team by a metric over the current period, with the share of their own goal when they have one.
 */
export async function goalRankings({ actor, tx, ...filter }: Command & RankingsFilters) {
  assertAllowed(actor, GOAL_PERMISSIONS, 'rankings');
  const bounds = calendarPeriod(filter.period, new Date());
  const teamCondition = rankedTeamsWhere(actor, sql`t.id`);
  const interactionType = filter.metric === 'interactions_logged' ? (filter.interactionType ?? null) : null;
  const rows = await rankings(tx, {
    metric: filter.metric,
    interactionType,
    period: filter.period,
    ...bounds,
    teams: sql`${teamCondition ?? sql`true`} and ${filter.teamId ? sql`t.id = ${filter.teamId}` : sql`true`}`,
    goalVisible: visibleWhere(actor) ?? sql`true`,
  });
  return { metric: filter.metric, interactionType, period: filter.period, ...bounds, rows };
}
