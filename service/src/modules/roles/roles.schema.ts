import { z } from 'zod';
import { TENANT_PERMISSIONS } from '../../core/identity/permissions.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';

const PermissionList = z
  .array(z.enum(TENANT_PERMISSIONS, 'is not a permission of an organization'))
  .max(TENANT_PERMISSIONS.length);

export const CreateRoleBody = z.strictObject({
  name: singleLineText({ max: 80 }),
  description: multiLineText({ max: 500 }).default(''),
  permissions: PermissionList.min(1, 'needs at least one permission'),
});

export const UpdateRoleBody = z.strictObject({
  version: z.number().int().positive().describe('The version you read; a stale one gets 409'),
  name: singleLineText({ max: 80 }).optional(),
  description: multiLineText({ max: 500 }).optional(),
  permissions: PermissionList.min(1).optional(),
});

export const RoleOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    builtInKey: z.string().nullable(),
    permissions: z.array(z.string()),
    memberCount: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Role' });

export const PermissionOut = z
  .object({ key: z.string(), description: z.string(), group: z.string() })
  .meta({ id: 'Permission' });
