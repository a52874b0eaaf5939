import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import * as commands from './analytics.commands.js';
import { ANALYTICS_PERMISSIONS } from './analytics.policy.js';
import { presentAnalytics } from './analytics.presenter.js';
import { AnalyticsOut, AnalyticsQuery } from './analytics.schema.js';

export function analyticsRoutes(): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/analytics',
      summary:
        'Sales analytics over a date range: pipeline by stage, conversion, win rate, sales cycle, activity, health',
      description:
        'Reps: their own figures; managers: their teams (one team with `teamId`, one member with `userId`); ' +
        "Org Admins: the organization. Money is in the base currency at the organization's rates; periods " +
        'are UTC (weeks start on Monday).',
      tags: ['Analytics'],
      access: 'tenant',
      permissions: ANALYTICS_PERMISSIONS.read,
      request: { query: AnalyticsQuery },
      responses: { 200: { description: 'The figures', schema: AnalyticsOut } },
      handler: async ({ actor, tx, query }) => ({
        body: presentAnalytics(await commands.analytics({ actor, tx, ...query })),
      }),
    }),
  ];
}
