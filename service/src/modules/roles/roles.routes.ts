import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './roles.commands.js';
import { ROLE_PERMISSIONS } from './roles.policy.js';
import { presentPermission, presentRole } from './roles.presenter.js';
import { CreateRoleBody, PermissionOut, RoleOut, UpdateRoleBody } from './roles.schema.js';

const present = ({ role, memberCount }: commands.RoleWithMembers) => presentRole(role, memberCount);

export function roleRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Roles'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/permissions',
      summary: 'Every permission an organization role can hold',
      tags,
      // The catalog is the same everywhere: platform staff outside an organization read it too.
      access: 'authenticated',
      permissions: ROLE_PERMISSIONS.listPermissions,
      responses: { 200: { description: 'Permissions', schema: z.object({ items: z.array(PermissionOut) }) } },
      handler: () => ({ body: { items: commands.listPermissions().map(presentPermission) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/roles',
      summary: "List the organization's roles",
      tags,
      access: 'tenant',
      permissions: ROLE_PERMISSIONS.list,
      responses: { 200: { description: 'Roles', schema: pageOf(RoleOut) } },
      handler: async (input) => ({
        body: { items: (await commands.listRoles(input)).map(present), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/roles',
      summary: 'Create a custom role',
      tags,
      access: 'tenant',
      permissions: ROLE_PERMISSIONS.create,
      request: { body: CreateRoleBody },
      responses: {
        201: { description: 'Created', schema: RoleOut },
        403: { description: 'Grants a permission you do not hold' },
        409: { description: 'Name taken' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.createRole({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/roles/:id',
      summary: 'Change a custom role',
      tags,
      access: 'tenant',
      permissions: ROLE_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateRoleBody },
      responses: {
        200: { description: 'Updated', schema: RoleOut },
        403: { description: 'Grants a permission you do not hold' },
        409: { description: 'Built-in, name taken or stale version' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateRole({ actor, tx, services: deps, roleId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/roles/:id',
      summary: 'Delete a custom role that nobody holds',
      tags,
      access: 'tenant',
      permissions: ROLE_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, 409: { description: 'Built-in or in use' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteRole({ actor, tx, services: deps, roleId: params.id });
        return {};
      },
    }),
  ];
}
