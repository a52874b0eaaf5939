import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './interactions.commands.js';
import { INTERACTION_PERMISSIONS } from './interactions.policy.js';
import { presentInteraction } from './interactions.presenter.js';
import {
  InteractionListQuery,
  InteractionOut,
  LogInteractionBody,
  UpdateInteractionBody,
} from './interactions.schema.js';

const present = ({ interaction, participants }: commands.InteractionWithParticipants) =>
  presentInteraction(interaction, participants);

export function interactionRoutes(_deps: ModuleDeps): ApiRoute[] {
  const tags = ['Interactions'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/interactions',
      summary: 'List the interactions you may see, latest first (or the trash with ?deleted=true)',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.list,
      request: { query: InteractionListQuery },
      responses: { 200: { description: 'Interactions', schema: pageOf(InteractionOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listInteractions({ actor, tx, ...query });
        return { body: { items: page.items.map(present), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/interactions',
      summary: 'Log a call, meeting, email, demo, note or message (yours, unless you give it to your team)',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.log,
      request: { body: LogInteractionBody },
      responses: { 201: { description: 'Logged', schema: InteractionOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.logInteraction({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/interactions/:id',
      summary: 'Read an interaction',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The interaction', schema: InteractionOut } },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.getInteraction({ actor, tx, interactionId: params.id })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/interactions/:id',
      summary: 'Change an interaction; `participants` replaces who took part',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateInteractionBody },
      responses: {
        200: { description: 'Updated', schema: InteractionOut },
        409: { description: 'Stale version (the current record is in `current`)' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateInteraction({ actor, tx, interactionId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/interactions/:id',
      summary: 'Move an interaction to the trash (restorable for 30 days)',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteInteraction({ actor, tx, interactionId: params.id });
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/interactions/:id/restore',
      summary: 'Bring an interaction back from the trash',
      tags,
      access: 'tenant',
      permissions: INTERACTION_PERMISSIONS.restore,
      request: { params: IdParams },
      responses: { 200: { description: 'Restored', schema: InteractionOut } },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.restoreInteraction({ actor, tx, interactionId: params.id })),
      }),
    }),
  ];
}
