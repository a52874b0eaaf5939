import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './goals.commands.js';
import { GOAL_PERMISSIONS } from './goals.policy.js';
import { presentGoal, presentRanking } from './goals.presenter.js';
import {
  CreateGoalBody,
  GoalHistoryQuery,
  GoalListQuery,
  GoalOut,
  RankingsOut,
  RankingsQuery,
  UpdateGoalBody,
} from './goals.schema.js';

const present = ({ goal, progress }: commands.GoalWithProgress) => presentGoal(goal, progress);
const presentPage = (page: commands.GoalPage) => ({
  items: page.items.map(present),
  nextCursor: page.nextCursor,
});

export function goalRoutes(_deps: ModuleDeps): ApiRoute[] {
  const tags = ['Goals'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/goals',
      summary: 'List the goals you may see (yours, your teams’, those you set), latest period first',
      description: 'Each goal carries its progress, computed from the records when read.',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.list,
      request: { query: GoalListQuery },
      responses: { 200: { description: 'Goals', schema: pageOf(GoalOut) } },
      handler: async ({ actor, tx, query }) => ({
        body: presentPage(await commands.listGoals({ actor, tx, ...query })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/goals',
      summary: 'Set a goal for a person or a team (managers: theirs and their teams’; Org Admins: anyone)',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.create,
      request: { body: CreateGoalBody },
      responses: { 201: { description: 'Created', schema: GoalOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.createGoal({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/goals/rankings',
      summary: 'Team rankings: the members of your teams ranked by a metric over the current period',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.rankings,
      request: { query: RankingsQuery },
      responses: { 200: { description: 'Rankings, by team then rank', schema: RankingsOut } },
      handler: async ({ actor, tx, query }) => {
        const result = await commands.goalRankings({ actor, tx, ...query });
        return {
          body: {
            metric: result.metric,
            interactionType: result.interactionType,
            period: result.period,
            periodStart: result.start.toISOString(),
            periodEnd: result.end.toISOString(),
            items: result.rows.map((row) => presentRanking(result.metric, row)),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/goals/:id',
      summary: 'Read a goal and its progress',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The goal', schema: GoalOut } },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.getGoal({ actor, tx, goalId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/goals/:id/history',
      summary: 'The periods of a recurring goal, latest first, each with its value and whether it was met',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.read,
      request: { params: IdParams, query: GoalHistoryQuery },
      responses: { 200: { description: 'The goals of its series', schema: pageOf(GoalOut) } },
      handler: async ({ actor, tx, params, query }) => ({
        body: presentPage(await commands.goalHistory({ actor, tx, goalId: params.id, ...query })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/goals/:id',
      summary: 'Change a goal (its progress is never set: it is computed)',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateGoalBody },
      responses: {
        200: { description: 'Updated', schema: GoalOut },
        409: { description: 'Stale version (the current record is in `current`)' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateGoal({ actor, tx, goalId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/goals/:id',
      summary: 'Delete a goal (a recurring series ends with it)',
      tags,
      access: 'tenant',
      permissions: GOAL_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteGoal({ actor, tx, goalId: params.id });
        return {};
      },
    }),
  ];
}
