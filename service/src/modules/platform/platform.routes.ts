import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import type { AuthDeps } from '../auth/auth.service.js';
import {
  CreateTenantBody,
  CreatedTenantOut,
  PlatformTenantOut,
  SupportStaffBody,
  UpdateTenantBody,
  UserOut,
} from './platform.schema.js';
import * as platform from './platform.service.js';

export function platformRoutes(deps: AuthDeps): ApiRoute[] {
  const tags = ['Platform'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants',
      summary: 'Create an organization and email its first Org Admin an invitation',
      tags,
      access: 'authenticated',
      permissions: ['platform.manage_subscriptions'],
      request: { body: CreateTenantBody },
      responses: {
        201: { description: 'Created', schema: CreatedTenantOut },
        409: { description: 'Slug taken' },
      },
      handler: async ({ auth, body }) => ({
        status: 201,
        body: await platform.createTenant(deps, auth, body),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/tenants',
      summary: 'List every organization (the read is audited)',
      tags,
      access: 'authenticated',
      permissions: ['platform.view_all_tenants'],
      responses: {
        200: {
          description: 'Organizations',
          schema: pageOf(PlatformTenantOut),
        },
      },
      handler: async ({ auth }) => ({
        body: { items: await platform.listTenants(deps, auth), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/platform/tenants/:id',
      summary: 'Suspend, reactivate, rename or change the plan of an organization',
      tags,
      access: 'authenticated',
      permissions: ['platform.manage_subscriptions'],
      request: { params: IdParams, body: UpdateTenantBody },
      responses: { 200: { description: 'Updated', schema: PlatformTenantOut } },
      handler: async ({ auth, params, body }) => ({
        body: await platform.updateTenant(deps, auth, params.id, body),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/support-staff',
      summary: 'Register support staff (read-only across organizations; every read audited)',
      tags,
      access: 'authenticated',
      permissions: ['platform.manage_support_staff'],
      request: { body: SupportStaffBody },
      responses: {
        201: { description: 'Registered; a link to set a password was emailed', schema: UserOut },
      },
      handler: async ({ auth, body }) => ({
        status: 201,
        body: await platform.addSupportStaff(deps, auth, body),
      }),
    }),
  ];
}
