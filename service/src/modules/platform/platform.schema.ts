import { z } from 'zod';
import { EmailSchema, TenantOut, UserOut } from '../auth/auth.schema.js';
import { InvitationOut } from '../invitations/invitations.schema.js';
import { singleLineText } from '../../core/http/text.js';

export const SlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lowercase letters, digits or inner hyphens');

export const CreateTenantBody = z.strictObject({
  name: singleLineText({ max: 120 }),
  slug: SlugSchema,
  adminEmail: EmailSchema,
  plan: singleLineText({ max: 40 }).default('free'),
});

export const UpdateTenantBody = z.strictObject({
  status: z.enum(['active', 'suspended']).optional(),
  plan: singleLineText({ max: 40 }).optional(),
  name: singleLineText({ max: 120 }).optional(),
});

export const SupportStaffBody = z.strictObject({
  email: EmailSchema,
  name: singleLineText({ max: 200 }).default('Support'),
});

export const PlatformTenantOut = TenantOut.extend({
  memberCount: z.number().int(),
  createdAt: z.string(),
}).meta({
  id: 'PlatformTenant',
});

export const CreatedTenantOut = z
  .object({ tenant: PlatformTenantOut, invitation: InvitationOut })
  .meta({ id: 'CreatedTenant' });

export { UserOut };

export const PlatformHealthOut = z
  .object({
    at: z.string(),
    requests: z
      .array(
        z.object({
          at: z.string(),
          requests: z.number().int(),
          perSecond: z.number(),
          meanMs: z.number().nullable(),
          p95Ms: z
            .number()
            .nullable()
            .describe('Upper bound of the latency bucket holding the 95th percentile'),
          serverErrors: z.number().int(),
        }),
      )
      .describe("This process's requests per 15 s over the last hour, oldest first"),
    queues: z.array(z.object({ name: z.string(), waiting: z.number().int(), failed24h: z.number().int() })),
    databaseBytes: z.number(),
    activeUsers: z.number().int().describe('People seen in the last 15 minutes'),
    connections: z.number().int().describe('Open WebSocket connections, all processes'),
    organizations: z.object({ active: z.number().int(), suspended: z.number().int() }),
  })
  .meta({ id: 'PlatformHealth' });
