import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import * as commands from './realtime.commands.js';
import { PRESENCE_PERMISSIONS } from './realtime.policy.js';
import { presentPresence } from './realtime.presenter.js';
import { PresenceOut, PresenceQuery } from './realtime.schema.js';

export function realtimeRoutes(_deps: ModuleDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/presence',
      summary: 'Who of your organization is online (a WebSocket open at /ws in the last minute)',
      description:
        'Changes arrive on the WebSocket as `user.online` and `user.offline`; see the README for the events.',
      tags: ['Real time'],
      access: 'tenant',
      permissions: PRESENCE_PERMISSIONS.list,
      request: { query: PresenceQuery },
      responses: { 200: { description: 'Members online, by name', schema: pageOf(PresenceOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listPresence({ actor, tx, ...query });
        return { body: { items: page.items.map(presentPresence), nextCursor: page.nextCursor } };
      },
    }),
  ];
}
