import type { Context } from 'koa';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { SESSION_COOKIE, sessionToken } from '../../core/auth/session-token.js';
import {
  ChangePasswordBody,
  LoginBody,
  MessageOut,
  PasswordResetBody,
  PasswordResetConfirmBody,
  SignedInOut,
  SwitchTenantBody,
} from './auth.schema.js';
import * as auth from './auth.commands.js';
import { AUTH_PERMISSIONS } from './auth.policy.js';
import type { SignInLimiter } from '../../core/auth/rate-limit.js';
import { clientAddress } from '../../core/http/client-address.js';

export function setSessionCookie(ctx: Context, token: string | null, deps: auth.AuthDeps): void {
  const secure = deps.config.publicUrl.startsWith('https://');
  // Browsers reach us at PUBLIC_URL; behind a TLS-terminating proxy the socket itself is plain HTTP.
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    overwrite: true,
    maxAge: token ? deps.config.sessionAbsoluteHours * 3_600_000 : undefined,
  });
}

export function authRoutes(deps: auth.AuthDeps, limiter: SignInLimiter): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      summary: 'Sign in with email and password',
      description: 'Sets an HttpOnly session cookie and returns the CSRF token to send on unsafe requests.',
      tags: ['Auth'],
      access: 'public',
      request: { body: LoginBody },
      responses: {
        200: { description: 'Signed in', schema: SignedInOut },
        401: { description: 'Wrong email or password' },
        403: { description: 'Account disabled or organization suspended' },
        429: { description: 'Too many attempts; see Retry-After' },
      },
      handler: async ({ body, ctx }) => {
        const address = clientAddress(ctx);
        await limiter.attempt(address, body.email);
        const result = await auth.login(deps, {
          ...body,
          ip: address,
          userAgent: ctx.get('user-agent') || null,
          previousToken: sessionToken(ctx),
        });
        await limiter.succeeded(address, body.email);
        setSessionCookie(ctx, result.token, deps);
        return { body: result.body };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      summary: 'Sign out (revokes this session)',
      tags: ['Auth'],
      access: 'authenticated',
      permissions: AUTH_PERMISSIONS.signOut,
      responses: { 204: { description: 'Signed out' } },
      handler: async ({ actor: caller, ctx }) => {
        const token = sessionToken(ctx);
        if (token) await auth.logout(deps, caller, token);
        setSessionCookie(ctx, null, deps);
        return {};
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/me',
      summary: 'Who am I: user, organization, memberships and permissions',
      tags: ['Auth'],
      access: 'authenticated',
      permissions: AUTH_PERMISSIONS.describeSelf,
      responses: { 200: { description: 'The caller', schema: SignedInOut } },
      handler: async ({ actor: caller, ctx }) => ({
        body: await auth.describeSession(
          deps,
          caller,
          caller.via === 'web' ? (sessionToken(ctx) ?? null) : null,
        ),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/switch-tenant',
      summary: 'Act in another organization you belong to',
      tags: ['Auth'],
      access: 'authenticated',
      permissions: AUTH_PERMISSIONS.switchOrganization,
      request: { body: SwitchTenantBody },
      responses: { 200: { description: 'Switched', schema: SignedInOut } },
      handler: async ({ actor: caller, body, ctx }) => ({
        body: await auth.switchTenant(deps, caller, body.tenantId, sessionToken(ctx) ?? ''),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/me/password',
      summary: 'Change your password (signs out your other sessions)',
      tags: ['Auth'],
      access: 'authenticated',
      permissions: AUTH_PERMISSIONS.changePassword,
      request: { body: ChangePasswordBody },
      responses: { 204: { description: 'Changed' } },
      handler: async ({ actor: caller, body }) => {
        await auth.changePassword(deps, caller, body.currentPassword, body.newPassword);
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset',
      summary: 'Email a password reset link',
      description: 'Answers the same whether or not the email belongs to an account.',
      tags: ['Auth'],
      access: 'public',
      request: { body: PasswordResetBody },
      responses: { 202: { description: 'Accepted', schema: MessageOut } },
      handler: async ({ body, ctx }) => {
        await limiter.attempt(clientAddress(ctx), `reset:${body.email}`);
        await auth.requestPasswordReset(deps, body.email);
        return {
          status: 202,
          body: { message: 'If an account uses that email, a reset link is on its way.' },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset/confirm',
      summary: 'Set a new password with a reset token',
      tags: ['Auth'],
      access: 'public',
      request: { body: PasswordResetConfirmBody },
      responses: {
        200: { description: 'Password changed; every session was signed out', schema: MessageOut },
        400: { description: 'Token unknown, used or expired' },
      },
      handler: async ({ body }) => {
        await auth.confirmPasswordReset(deps, body.token, body.password);
        return { body: { message: 'Your password was changed. Sign in with the new one.' } };
      },
    }),
  ];
}
