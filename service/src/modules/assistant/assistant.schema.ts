import { z } from 'zod';
import { multiLineText } from '../../core/http/text.js';
import { turnStatuses } from './assistant.tables.js';

export const MessageBody = z.strictObject({
  text: multiLineText({ max: 4000 }).describe('What the person wrote'),
  conversation: z.string().max(200).optional().describe('Which conversation (default: the web console)'),
});

export const ActionBody = z.strictObject({
  turnId: z.uuid('must be a turn id from a reply'),
  action: z.enum(['undo', 'confirm', 'cancel']),
});

const ReplyLineOut = z.object({
  kind: z.enum(['changed', 'answer', 'question', 'problem']),
  text: z.string(),
  link: z.string().optional(),
});

export const ReplyOut = z
  .object({
    turnId: z.uuid().nullable().describe('Set when the reply offers buttons (Undo, Confirm, Cancel)'),
    text: z.string(),
    lines: z.array(ReplyLineOut),
    actions: z.array(
      z.object({
        action: z.enum(['undo', 'confirm', 'cancel']),
        label: z.string(),
        turnId: z.uuid(),
        expiresAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'AssistantReply' });

export const TurnListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const TurnListOut = z.object({
  items: z.array(
    z
      .object({
        id: z.uuid(),
        text: z.string(),
        via: z.enum(['web', 'slack', 'teams']),
        status: z.enum(turnStatuses),
        changes: z.number().int().describe('How many records the turn changed'),
        expiresAt: z.string(),
        createdAt: z.string(),
      })
      .meta({ id: 'AssistantTurn' }),
  ),
});
