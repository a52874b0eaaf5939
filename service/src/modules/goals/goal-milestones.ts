/**
 * Milestones: when a goal's computed progress first reaches 50, 75 or 100 % of its target, a
 * `goal_milestones` row is written (its key makes a second evaluation a no-op), the goal is marked
 * achieved at 100, and `goal.milestone_reached` (and `goal.achieved`) are emitted for notifications.
 * Evaluated when a goal is created or changed, and when an event may have moved a goal's value.
 */
import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { EventHandler } from '../../core/events/dispatcher.js';
import { emitEvents, type DeliveredEvent, type DomainEvent } from '../../core/events/events.js';
import { progressOf, targetText } from './goal-progress.repo.js';
import * as repo from './goals.repo.js';
import { goals, type GoalMetric } from './goals.tables.js';

/** What `goal.created/updated/deleted` carry. */
export function goalPayload(goal: {
  id: string;
  name: string;
  ownerUserId: string | null;
  ownerTeamId: string | null;
}) {
  return { goalId: goal.id, name: goal.name, ownerUserId: goal.ownerUserId, ownerTeamId: goal.ownerTeamId };
}

/**
 * Records the milestones the goals reached since they were last evaluated, and emits their events.
 * Returns the milestones that are new.
 */
export async function evaluateGoals(
  tx: Tx,
  tenantId: string,
  goalIds: readonly string[],
): Promise<{ goalId: string; percent: number }[]> {
  if (!goalIds.length) return [];
  const progress = await progressOf(tx, goalIds);
  const reached = [...progress.values()].flatMap((row) =>
    row.reached.map((percent) => ({ tenantId, goalId: row.goalId, percent, value: row.value })),
  );
  const fresh = await repo.insertMilestones(tx, reached);
  if (!fresh.length) return fresh;
  const achieved = fresh.filter((milestone) => milestone.percent === 100).map((m) => m.goalId);
  await repo.markAchieved(tx, achieved, new Date());
  const rows = await tx
    .select()
    .from(goals)
    .where(
      inArray(
        goals.id,
        fresh.map((milestone) => milestone.goalId),
      ),
    );
  const byId = new Map(rows.map((goal) => [goal.id, goal]));
  const events: DomainEvent[] = [...fresh]
    .sort((a, b) => a.percent - b.percent)
    .flatMap(({ goalId, percent }) => {
      const goal = byId.get(goalId)!;
      const payload = {
        ...goalPayload(goal),
        percent,
        value: progress.get(goalId)!.value,
        target: targetText(goal.metric, goal.target),
        metric: goal.metric,
      };
      const stream = { type: 'goal', id: goalId };
      const milestone: DomainEvent = { name: 'goal.milestone_reached', stream, payload };
      return percent === 100 ? [milestone, { name: 'goal.achieved', stream, payload }] : [milestone];
    });
  await emitEvents(tx, tenantId, events);
  return fresh;
}

const OPPORTUNITY_METRICS: readonly GoalMetric[] = ['revenue_won', 'deals_won', 'pipeline_created'];

const text = (value: unknown): string[] => (typeof value === 'string' && value ? [value] : []);

/** Whose goals, of which metrics, around which instants an event may have moved. */
async function affectedBy(
  tx: Tx,
  event: DeliveredEvent,
): Promise<{ userIds: string[]; metrics: readonly GoalMetric[]; at: Date[] }> {
  const { payload } = event;
  if (event.name.startsWith('opportunity.')) {
    const [deal] = await queryRows<{ created_at: string | Date; closed_at: string | Date | null }>(
      tx,
      sql`select created_at, closed_at from opportunities where id = ${text(payload.opportunityId)[0] ?? null}::uuid`,
    );
    const at = [event.occurredAt, ...(deal ? [deal.created_at, deal.closed_at] : [])];
    return {
      userIds: [...text(payload.ownerId), ...text(payload.fromOwnerId), ...text(payload.toOwnerId)],
      metrics: OPPORTUNITY_METRICS,
      at: at.flatMap((instant) => (instant ? [new Date(instant)] : [])),
    };
  }
  if (event.name.startsWith('interaction.')) {
    return {
      userIds: text(payload.ownerId),
      metrics: ['interactions_logged'],
      at: [event.occurredAt, ...text(payload.occurredAt).map((instant) => new Date(instant))],
    };
  }
  const assignees = Array.isArray(payload.assigneeIds) ? payload.assigneeIds.flatMap(text) : [];
  return { userIds: assignees, metrics: ['tasks_completed'], at: [event.occurredAt] };
}

/** Re-evaluates the open goals an event may have moved; a redelivered event adds nothing. */
export function goalProgressHandler(): EventHandler {
  return {
    name: 'goals.progress',
    events: [
      'opportunity.created',
      'opportunity.stage_changed',
      'opportunity.value_updated',
      'opportunity.assigned',
      'opportunity.restored',
      'interaction.logged',
      'interaction.updated',
      'interaction.restored',
      'task.completed',
    ],
    async handle(event, tx) {
      const affected = await affectedBy(tx, event);
      const goalIds = await repo.openGoalsAffected(tx, {
        ...affected,
        userIds: [...new Set(affected.userIds)],
      });
      await evaluateGoals(tx, event.tenantId, goalIds);
    },
  };
}
