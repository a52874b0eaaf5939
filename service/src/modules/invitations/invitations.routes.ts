import { clientAddress } from '../../core/http/client-address.js';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { acceptInvitation } from '../../use-cases/accept-invitation.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import { setSessionCookie } from '../auth/auth.routes.js';
import { SignedInOut } from '../auth/auth.schema.js';
import * as commands from './invitations.commands.js';
import { INVITATION_PERMISSIONS } from './invitations.policy.js';
import { presentInvitationWithRole as present } from './invitations.presenter.js';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  InvitationOut,
  ListInvitationsQuery,
} from './invitations.schema.js';

export function invitationRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Invitations'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations',
      summary: 'Invite someone by email with a role (and optionally a team)',
      tags,
      access: 'tenant',
      permissions: INVITATION_PERMISSIONS.invite,
      request: { body: CreateInvitationBody },
      responses: {
        201: { description: 'Invited; the email is on its way', schema: InvitationOut },
        409: { description: 'Already a member, or already invited' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.inviteUser({ actor, tx, services: deps, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/invitations',
      summary: 'List invitations',
      tags,
      access: 'tenant',
      permissions: INVITATION_PERMISSIONS.list,
      request: { query: ListInvitationsQuery },
      responses: { 200: { description: 'Invitations', schema: pageOf(InvitationOut) } },
      handler: async ({ actor, tx, query }) => ({
        body: {
          items: (await commands.listInvitations({ actor, tx, ...query })).map(present),
          nextCursor: null,
        },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations/:id/resend',
      summary: 'Send the invitation again with a new link and expiry',
      tags,
      access: 'tenant',
      permissions: INVITATION_PERMISSIONS.resend,
      request: { params: IdParams },
      responses: {
        200: { description: 'Resent', schema: InvitationOut },
        409: { description: 'No longer pending' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: present(
          await commands.resendInvitation({ actor, tx, services: deps, invitationId: params.id }),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/invitations/:id',
      summary: 'Revoke a pending invitation',
      tags,
      access: 'tenant',
      permissions: INVITATION_PERMISSIONS.revoke,
      request: { params: IdParams },
      responses: {
        200: { description: 'Revoked', schema: InvitationOut },
        409: { description: 'No longer pending' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.revokeInvitation({ actor, tx, invitationId: params.id })),
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
        const { token, body: signedIn } = await acceptInvitation({
          db: deps.db,
          services: deps,
          ...body,
          ip: clientAddress(ctx),
          userAgent: ctx.get('user-agent') || null,
        });
        setSessionCookie(ctx, token, deps);
        return { body: signedIn };
      },
    }),
  ];
}
