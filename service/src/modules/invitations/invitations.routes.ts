import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { SignedInOut } from '../auth/auth.schema.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  InvitationOut,
  ListInvitationsQuery,
} from './invitations.schema.js';
import * as invitations from './invitations.service.js';
import { clientAddress } from '../../core/http/client-address.js';

export function invitationRoutes(deps: AuthDeps): ApiRoute[] {
  const tags = ['Invitations'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations',
      summary: 'Invite someone by email with a role (and optionally a team)',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { body: CreateInvitationBody },
      responses: { 201: { description: 'Invited; the email is on its way', schema: InvitationOut } },
      handler: async ({ auth, body }) => ({
        status: 201,
        body: await invitations.inviteUser(deps, auth, body),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/invitations',
      summary: 'List invitations',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { query: ListInvitationsQuery },
      responses: {
        200: {
          description: 'Invitations',
          schema: pageOf(InvitationOut),
        },
      },
      handler: async ({ auth, query }) => ({
        body: { items: await invitations.listInvitations(deps, auth, query.status), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations/:id/resend',
      summary: 'Send the invitation again with a new link and expiry',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { params: IdParams },
      responses: { 200: { description: 'Resent', schema: InvitationOut } },
      handler: async ({ auth, params }) => ({
        body: await invitations.resendInvitation(deps, auth, params.id),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/invitations/:id',
      summary: 'Revoke a pending invitation',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { params: IdParams },
      responses: { 200: { description: 'Revoked', schema: InvitationOut } },
      handler: async ({ auth, params }) => ({
        body: await invitations.revokeInvitation(deps, auth, params.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations/accept',
      summary: 'Accept an invitation: create or link the account and sign in',
      tags,
      access: 'public',
      request: { body: AcceptInvitationBody },
      responses: {
        200: { description: 'Joined and signed in', schema: SignedInOut },
        400: { description: 'Link invalid, expired, revoked or already used' },
      },
      handler: async ({ body, ctx }) => {
        const result = await invitations.acceptInvitation(deps, {
          ...body,
          ip: clientAddress(ctx),
          userAgent: ctx.get('user-agent') || null,
        });
        setSessionCookie(ctx, result.token, deps);
        return { body: result.body };
      },
    }),
  ];
}
