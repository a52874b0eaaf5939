import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import { ImportBody, ImportResultOut, ListUsersQuery, OrgUserOut, UpdateUserBody } from './users.schema.js';
import { importUsers, readImportFile } from './users.import.js';
import * as users from './users.service.js';

export function userRoutes(deps: AuthDeps): ApiRoute[] {
  const tags = ['Users'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/users',
      summary: 'List members (everyone for user admins, team members for managers)',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users', 'team.manage_members'],
      request: { query: ListUsersQuery },
      responses: {
        200: {
          description: 'Members',
          schema: pageOf(OrgUserOut),
        },
      },
      handler: async ({ auth, query }) => ({ body: await users.listUsers(deps, auth, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/:id',
      summary: 'One member',
      tags,
      access: 'authenticated',
      request: { params: IdParams },
      responses: {
        200: { description: 'The member', schema: OrgUserOut },
        404: { description: 'Not found or not in your scope' },
      },
      handler: async ({ auth, params }) => ({ body: await users.getUser(deps, auth, params.id) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:id',
      summary: "Change a member's role, teams or status (deactivate / reactivate)",
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users', 'org.assign_roles'],
      request: { params: IdParams, body: UpdateUserBody },
      responses: {
        200: { description: 'Updated', schema: OrgUserOut },
        409: { description: 'Stale version or last admin' },
      },
      handler: async ({ auth, params, body }) => ({
        body: await users.updateUser(deps, auth, params.id, body),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/users/import',
      summary: 'Invite users in bulk from a CSV (email, name, role, team)',
      description:
        'Every row is validated first; any problem rejects the whole file with its line, column and reason. ' +
        'Re-running the same file skips members and pending invitations.',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { body: ImportBody, contentType: 'multipart/form-data' },
      responses: {
        200: { description: 'Imported', schema: ImportResultOut },
        413: { description: 'Over 10 MiB' },
      },
      handler: async ({ auth, ctx }) => ({ body: await importUsers(deps, auth, await readImportFile(ctx)) }),
    }),
  ];
}
