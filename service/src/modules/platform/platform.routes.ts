import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { createOrganization } from '../../use-cases/create-organization.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import { presentUser } from '../auth/auth.presenter.js';
import { presentInvitation } from '../invitations/invitations.presenter.js';
import * as commands from './platform.commands.js';
import { PLATFORM_PERMISSIONS } from './platform.policy.js';
import { presentOrganization } from './platform.presenter.js';
import {
  CreateTenantBody,
  CreatedTenantOut,
  PlatformHealthOut,
  PlatformTenantOut,
  SupportStaffBody,
  UpdateTenantBody,
  UserOut,
} from './platform.schema.js';

/** Routes of platform staff: signed in, in no organization; each command goes through `asPlatform`. */
export function platformRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Platform'];
  const { db } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants',
      summary: 'Create an organization and email its first Org Admin an invitation',
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.createOrganization,
      request: { body: CreateTenantBody },
      responses: {
        201: { description: 'Created', schema: CreatedTenantOut },
        409: { description: 'Slug taken' },
      },
      handler: async ({ actor, body }) => {
        const created = await createOrganization({ actor, db, services: deps, ...body });
        return {
          status: 201,
          body: {
            tenant: presentOrganization(created.organization),
            invitation: presentInvitation(created.invitation, created.adminRole),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/tenants',
      summary: 'List every organization (the read is audited)',
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.listOrganizations,
      responses: { 200: { description: 'Organizations', schema: pageOf(PlatformTenantOut) } },
      handler: async ({ actor }) => ({
        body: {
          items: (await commands.listOrganizations({ actor, db })).map(presentOrganization),
          nextCursor: null,
        },
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/platform/tenants/:id',
      summary: 'Suspend, reactivate, rename or change the plan of an organization',
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.updateOrganization,
      request: { params: IdParams, body: UpdateTenantBody },
      responses: { 200: { description: 'Updated', schema: PlatformTenantOut } },
      handler: async ({ actor, params, body }) => ({
        body: presentOrganization(
          await commands.updateOrganization({
            actor,
            db,
            services: deps,
            organizationId: params.id,
            ...body,
          }),
        ),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/support-staff',
      summary: 'Register support staff (read-only across organizations; every read audited)',
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.addSupportStaff,
      request: { body: SupportStaffBody },
      responses: {
        201: { description: 'Registered; a link to set a password was emailed', schema: UserOut },
        409: { description: 'A super admin already' },
      },
      handler: async ({ actor, body }) => ({
        status: 201,
        body: presentUser(await commands.addSupportStaff({ actor, db, services: deps, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/support-staff',
      summary: 'Platform staff: super admins and support (the read is audited)',
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.listStaff,
      responses: { 200: { description: 'Staff', schema: pageOf(UserOut) } },
      handler: async ({ actor }) => ({
        body: { items: (await commands.listStaff({ actor, db })).map(presentUser), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/health',
      summary:
        'System health: request rate and latency, job queues, database size, active people, WebSocket connections',
      description:
        "Request figures are this process's, sampled every 15 s over the last hour; the rest is read from the database now.",
      tags,
      access: 'authenticated',
      permissions: PLATFORM_PERMISSIONS.viewHealth,
      responses: { 200: { description: 'Health', schema: PlatformHealthOut } },
      handler: async ({ actor }) => ({
        body: await commands.systemHealth({ actor, db, queue: deps.queue, metrics: deps.metrics }),
      }),
    }),
  ];
}
