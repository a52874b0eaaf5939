import { z } from 'zod';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';

export const ListUsersQuery = queryObject({
  q: singleLineText({ min: 0, max: 200 }).optional().describe('Matches name or email'),
  status: z.enum(['active', 'deactivated']).optional(),
  roleId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: singleLineText({ min: 0, max: 200 }).optional().describe('nextCursor of the previous page'),
});

export const UpdateUserBody = z.strictObject({
  version: z.number().int().positive().describe('The membership version you read; a stale one gets 409'),
  roleId: z.uuid().optional(),
  teamIds: z
    .array(z.uuid())
    .max(100)
    .optional()
    .describe('The teams the user is a member of (replaces the set)'),
  status: z.enum(['active', 'deactivated']).optional(),
});

export const OrgUserOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'deactivated']),
    roleId: z.uuid(),
    roleName: z.string(),
    teams: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(['member', 'manager']) })),
    lastLoginAt: z.string().nullable(),
    joinedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'OrganizationUser' });

export const ImportResultOut = z
  .object({
    total: z.number().int(),
    invited: z.number().int(),
    skipped: z.array(z.object({ line: z.number().int(), email: z.string(), reason: z.string() })),
  })
  .meta({ id: 'UserImportResult' });

export const ImportBody = z.object({
  file: z.string().describe('The CSV file (columns: email, name, role, team)'),
});
