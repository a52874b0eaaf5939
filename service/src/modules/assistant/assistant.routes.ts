import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { act, converse, listTurns } from './assistant.commands.js';
import { ASSISTANT_PERMISSIONS } from './assistant.policy.js';
import { presentReply, presentTurn } from './assistant.presenter.js';
import { ActionBody, MessageBody, ReplyOut, TurnListOut, TurnListQuery } from './assistant.schema.js';

export function assistantRoutes(): ApiRoute[] {
  const tags = ['Assistant'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/assistant/messages',
      summary:
        'Say something to the assistant (the web console): it answers, or changes what it says it changed',
      description:
        "The same conversation core as Slack and Teams, with the caller's permissions and `via: web`. A question never changes data; a change that is hard to undo (a deal won or lost) or read with low confidence waits for Confirm; every change can be undone for ten minutes.",
      tags,
      access: 'tenant',
      permissions: ASSISTANT_PERMISSIONS.talk,
      request: { body: MessageBody },
      responses: { 200: { description: 'The reply', schema: ReplyOut } },
      handler: async ({ actor, tx, body }) => ({
        body: presentReply(
          await converse({ actor, tx, text: body.text, conversation: body.conversation ?? 'web' }),
        ),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/assistant/actions',
      summary: 'Press a button of a reply: Undo, Confirm or Cancel (for ten minutes)',
      description:
        '410 once the ten minutes are over; 409 when the turn was already undone, done or cancelled.',
      tags,
      access: 'tenant',
      permissions: ASSISTANT_PERMISSIONS.talk,
      request: { body: ActionBody },
      responses: { 200: { description: 'The reply', schema: ReplyOut } },
      handler: async ({ actor, tx, body }) => ({
        body: presentReply(await act({ actor, tx, turnId: body.turnId, action: body.action })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/assistant/turns',
      summary: 'Your recent messages to the assistant and what came of them, newest first',
      tags,
      access: 'tenant',
      permissions: ASSISTANT_PERMISSIONS.talk,
      request: { query: TurnListQuery },
      responses: { 200: { description: 'Turns', schema: TurnListOut } },
      handler: async ({ actor, tx, query }) => ({
        body: { items: (await listTurns({ actor, tx, limit: query.limit })).map(presentTurn) },
      }),
    }),
  ];
}
