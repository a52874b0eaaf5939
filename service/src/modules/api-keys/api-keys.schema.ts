import { z } from 'zod';
import { TENANT_PERMISSIONS } from '../../core/identity/permissions.js';
import { singleLineText } from '../../core/http/text.js';

export const CreateApiKeyBody = z.strictObject({
  name: singleLineText({ max: 100 }),
  permissions: z
    .array(z.enum(TENANT_PERMISSIONS))
    .min(1, 'needs at least one permission')
    .max(TENANT_PERMISSIONS.length),
});

export const ApiKeyOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('Visible start of the key, to recognise it'),
    permissions: z.array(z.string()),
    createdBy: z.uuid(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const CreatedApiKeyOut = z
  .object({ apiKey: ApiKeyOut, secret: z.string().describe('The whole key; shown this once only') })
  .meta({ id: 'CreatedApiKey' });

export const IdParams = z.strictObject({ id: z.uuid('must be a UUID') });
