import { z } from 'zod';

export const CreateTeamBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  description: z.string().trim().max(500).default(''),
});

export const UpdateTeamBody = z.strictObject({
  version: z.number().int().positive().describe('The version you read; a stale one gets 409'),
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(500).optional(),
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
