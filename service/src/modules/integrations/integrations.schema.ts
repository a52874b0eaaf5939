import { z } from 'zod';
import { singleLineText } from '../../core/http/text.js';

export const BindSlackBody = z.strictObject({
  teamId: z.string().regex(/^[TE][A-Z0-9]{2,20}$/, 'must be a Slack team id such as T0123ABCD'),
  botToken: z.string().regex(/^xoxb-[A-Za-z0-9-]{10,250}$/, 'must be a bot token (xoxb-...)'),
  alertChannel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,20}$/, 'must be a Slack channel id such as C0123ABCD')
    .optional()
    .describe('Where deal alerts are posted'),
});

export const BindTeamsBody = z.strictObject({
  tenantId: z.uuid('must be a Microsoft Entra tenant id (a GUID)'),
  name: singleLineText({ max: 200 }).optional(),
});

export const WorkspaceOut = z
  .object({
    id: z.uuid(),
    platform: z.enum(['slack', 'teams']),
    externalId: z.string().describe('Slack team id or Entra tenant id'),
    name: z.string(),
    alertChannel: z.string().nullable(),
    linkedMembers: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ChatWorkspace' });

export const IdParams = z.strictObject({ id: z.uuid('must be a UUID') });
