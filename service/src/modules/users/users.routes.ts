import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './users.commands.js';
import { importUsers } from './users.import.js';
import { readImportFile } from './users.import-upload.js';
import { USER_PERMISSIONS } from './users.policy.js';
import { presentMember } from './users.presenter.js';
import { ImportBody, ImportResultOut, ListUsersQuery, OrgUserOut, UpdateUserBody } from './users.schema.js';

const present = ({ member, teams }: commands.MemberWithTeams) => presentMember(member, teams);

export function userRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Users'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/users',
      summary: 'List members (everyone for user admins, team members for managers)',
      tags,
      access: 'tenant',
      permissions: USER_PERMISSIONS.list,
      request: { query: ListUsersQuery },
      responses: { 200: { description: 'Members', schema: pageOf(OrgUserOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listUsers({ actor, tx, ...query });
        return { body: { items: page.members.map(present), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/:id',
      summary: 'One member',
      tags,
      access: 'tenant',
      permissions: USER_PERMISSIONS.view,
      request: { params: IdParams },
      responses: {
        200: { description: 'The member', schema: OrgUserOut },
        404: { description: 'Not found or not in your scope' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.getUser({ actor, tx, userId: params.id })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:id',
      summary: "Change a member's role, teams or status (deactivate / reactivate)",
      tags,
      access: 'tenant',
      permissions: USER_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateUserBody },
      responses: {
        200: { description: 'Updated', schema: OrgUserOut },
        403: { description: 'Your own role or status, or a role you could not grant' },
        409: { description: 'Stale version or last admin' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateUser({ actor, tx, services: deps, userId: params.id, ...body })),
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
      access: 'tenant',
      permissions: USER_PERMISSIONS.import,
      request: { body: ImportBody, contentType: 'multipart/form-data', upload: readImportFile },
      responses: {
        200: { description: 'Imported', schema: ImportResultOut },
        413: { description: 'Over 10 MiB' },
      },
      handler: async ({ actor, tx, upload }) => ({
        body: await importUsers({ actor, tx, services: deps, file: upload ?? Buffer.alloc(0) }),
      }),
    }),
  ];
}
