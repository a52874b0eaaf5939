import { z } from 'zod';
import { EmailSchema } from '../auth/auth.schema.js';
import { PasswordSchema } from '../../core/identity/passwords.js';

export const CreateInvitationBody = z.strictObject({
  email: EmailSchema,
  roleId: z.uuid('must be a role id'),
  teamId: z.uuid('must be a team id').nullish(),
});

export const AcceptInvitationBody = z.strictObject({
  token: z.string().min(20, 'is not an invitation token').max(200, 'is not an invitation token'),
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  password: PasswordSchema,
});

export const ListInvitationsQuery = z.strictObject({
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
