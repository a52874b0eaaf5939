import { z } from 'zod';
import { multiLineText, singleLineText } from '../../core/http/text.js';

export const CreateTeamBody = z.strictObject({
  name: singleLineText({ max: 100 }),
  description: multiLineText({ max: 500 }).default(''),
});

export const UpdateTeamBody = z.strictObject({
  version: z.number().int().positive().describe('The version you read; a stale one gets 409'),
  name: singleLineText({ max: 100 }).optional(),
  description: multiLineText({ max: 500 }).optional(),
});

export const AddMemberBody = z.strictObject({
  userId: z.uuid('must be a user id'),
  role: z.enum(['member', 'manager']).default('member'),
});

export const MemberParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });

export const TeamMemberOut = z
  .object({ userId: z.uuid(), name: z.string(), email: z.string(), role: z.enum(['member', 'manager']) })
  .meta({ id: 'TeamMember' });

export const TeamOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    members: z.array(TeamMemberOut),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Team' });
