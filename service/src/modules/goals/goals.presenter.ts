import { targetText, type GoalProgressRow, type RankingRow } from './goal-progress.repo.js';
import type { GoalRow } from './goals.repo.js';

/** The progress part of a goal: computed from the records when it was read. */
export function presentProgress(goal: GoalRow, progress: GoalProgressRow | undefined) {
  const value = progress?.value ?? '0';
  return {
    value,
    target: targetText(goal.metric, goal.target),
    percent: progress?.percent ?? 0,
    met: progress?.reached.includes(100) ?? false,
    milestones: (progress?.milestones ?? []).map((milestone) => ({
      percent: milestone.percent,
      reachedAt: new Date(milestone.reached_at).toISOString(),
    })),
  };
}

export function presentGoal(goal: GoalRow, progress: GoalProgressRow | undefined) {
  return {
    id: goal.id,
    name: goal.name,
    metric: goal.metric,
    interactionType: goal.interactionType,
    target: targetText(goal.metric, goal.target),
    period: goal.period,
    periodStart: goal.periodStart.toISOString(),
    periodEnd: goal.periodEnd.toISOString(),
    ownerUser: goal.ownerUserId ? { id: goal.ownerUserId, name: goal.ownerUserName ?? '' } : null,
    ownerTeam: goal.ownerTeamId ? { id: goal.ownerTeamId, name: goal.ownerTeamName ?? '' } : null,
    recurring: goal.recurring,
    seriesId: goal.seriesId ?? goal.id,
    achievedAt: goal.achievedAt?.toISOString() ?? null,
    progress: presentProgress(goal, progress),
    version: goal.version,
    createdAt: goal.createdAt.toISOString(),
    updatedAt: goal.updatedAt.toISOString(),
  };
}
export type GoalView = ReturnType<typeof presentGoal>;

export function presentRanking(metric: string, row: RankingRow) {
  return {
    team: { id: row.teamId, name: row.teamName },
    user: { id: row.userId, name: row.userName },
    value: row.value,
    rank: row.rank,
    goal:
      row.goalId && row.goalTarget !== null
        ? {
            id: row.goalId,
            target: targetText(metric, row.goalTarget),
            percent: Number(row.goalPercent ?? 0),
          }
        : null,
  };
}
