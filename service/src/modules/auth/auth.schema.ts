import { z } from 'zod';
import { PasswordSchema } from '../../core/identity/passwords.js';
import { secretText, singleLineText } from '../../core/http/text.js';

export const EmailSchema = z
  .email('must be a valid email address')
  .max(254)
  .transform((email) => email.trim().toLowerCase());

export const LoginBody = z.strictObject({
  email: EmailSchema,
  password: secretText({ max: 256 }),
  tenantId: z.uuid().optional().describe('Organization to sign in to; defaults to the first active one'),
});

export const SwitchTenantBody = z.strictObject({ tenantId: z.uuid() });
export const PasswordResetBody = z.strictObject({ email: EmailSchema });
export const PasswordResetConfirmBody = z.strictObject({
  token: singleLineText({ min: 10, max: 200 }),
  password: PasswordSchema,
});
export const ChangePasswordBody = z.strictObject({
  currentPassword: secretText({ max: 256 }),
  newPassword: PasswordSchema,
});

const UserOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    platformRole: z.enum(['super_admin', 'support']).nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

const TenantOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(['active', 'suspended']),
    plan: z.string(),
  })
  .meta({ id: 'Tenant' });

const MembershipOut = z
  .object({
    tenantId: z.uuid(),
    tenantName: z.string(),
    tenantSlug: z.string(),
    tenantStatus: z.enum(['active', 'suspended']),
    roleId: z.uuid(),
    roleName: z.string(),
    status: z.enum(['active', 'deactivated']),
  })
  .meta({ id: 'Membership' });

export const SignedInOut = z
  .object({
    user: UserOut,
    tenant: TenantOut.nullable(),
    memberships: z.array(MembershipOut),
    permissions: z.array(z.string()),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as X-CSRF-Token on unsafe requests made with the session cookie'),
  })
  .meta({ id: 'SignedIn' });

export const MessageOut = z.object({ message: z.string() }).meta({ id: 'Message' });
export { UserOut, TenantOut };
