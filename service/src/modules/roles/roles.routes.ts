import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { Database } from '../../core/db/database.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import { CreateRoleBody, PermissionOut, RoleOut, UpdateRoleBody } from './roles.schema.js';
import * as roles from './roles.service.js';

export function roleRoutes(deps: { db: Database }): ApiRoute[] {
  const tags = ['Roles'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/permissions',
      summary: 'Every permission an organization role can hold',
      tags,
      access: 'authenticated',
      responses: { 200: { description: 'Permissions', schema: z.object({ items: z.array(PermissionOut) }) } },
      handler: () => ({ body: { items: roles.listPermissions() } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/roles',
      summary: "List the organization's roles",
      tags,
      access: 'authenticated',
      permissions: ['org.assign_roles', 'org.manage_users'],
      responses: {
        200: {
          description: 'Roles',
          schema: pageOf(RoleOut),
        },
      },
      handler: async ({ auth }) => ({ body: { items: await roles.listRoles(deps, auth), nextCursor: null } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/roles',
      summary: 'Create a custom role',
      tags,
      access: 'authenticated',
      permissions: ['org.assign_roles'],
      request: { body: CreateRoleBody },
      responses: { 201: { description: 'Created', schema: RoleOut }, 409: { description: 'Name taken' } },
      handler: async ({ auth, body }) => ({ status: 201, body: await roles.createRole(deps, auth, body) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/roles/:id',
      summary: 'Change a custom role',
      tags,
      access: 'authenticated',
      permissions: ['org.assign_roles'],
      request: { params: IdParams, body: UpdateRoleBody },
      responses: {
        200: { description: 'Updated', schema: RoleOut },
        409: { description: 'Built-in, name taken or stale version' },
      },
      handler: async ({ auth, params, body }) => ({
        body: await roles.updateRole(deps, auth, params.id, body),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/roles/:id',
      summary: 'Delete a custom role that nobody holds',
      tags,
      access: 'authenticated',
      permissions: ['org.assign_roles'],
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, 409: { description: 'Built-in or in use' } },
      handler: async ({ auth, params }) => {
        await roles.deleteRole(deps, auth, params.id);
        return {};
      },
    }),
  ];
}
