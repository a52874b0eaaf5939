import { z } from 'zod';
import { EmailSchema } from '../auth/auth.schema.js';
import { PasswordSchema } from '../../core/identity/passwords.js';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';

export const CreateInvitationBody = z.strictObject({
  email: EmailSchema,
  roleId: z.uuid('must be a role id'),
  teamId: z.uuid('must be a team id').nullish(),
});

export const AcceptInvitationBody = z.strictObject({
  token: singleLineText({ min: 20, max: 200 }),
  name: singleLineText({ max: 200 }),
  password: PasswordSchema,
});

export const ListInvitationsQuery = queryObject({
  status: z.enum(['pending', 'accepted', 'revoked']).optional(),
});

export const InvitationOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    roleId: z.uuid(),
    roleName: z.string().nullable(),
    teamId: z.uuid().nullable(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.uuid().nullable(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    sendCount: z.number().int(),
    lastSentAt: z.string(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Invitation' });
