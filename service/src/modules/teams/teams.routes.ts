import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './teams.commands.js';
import { TEAM_PERMISSIONS } from './teams.policy.js';
import { presentTeam } from './teams.presenter.js';
import { AddMemberBody, CreateTeamBody, MemberParams, TeamOut, UpdateTeamBody } from './teams.schema.js';

const present = ({ team, members }: commands.TeamWithMembers) => presentTeam(team, members);

export function teamRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Teams'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/teams',
      summary: 'List teams (all for user admins, the ones you are in otherwise)',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.list,
      responses: { 200: { description: 'Teams', schema: pageOf(TeamOut) } },
      handler: async (input) => ({
        body: { items: (await commands.listTeams(input)).map(present), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/teams',
      summary: 'Create a team',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.create,
      request: { body: CreateTeamBody },
      responses: { 201: { description: 'Created', schema: TeamOut }, 409: { description: 'Name taken' } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.createTeam({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/teams/:id',
      summary: 'Rename or describe a team',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateTeamBody },
      responses: {
        200: { description: 'Updated', schema: TeamOut },
        409: { description: 'Name taken or stale version' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateTeam({ actor, tx, teamId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/teams/:id',
      summary: 'Delete a team',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteTeam({ actor, tx, teamId: params.id });
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/teams/:id/members',
      summary: 'Add a member or manager to a team (or change their team role)',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.manageMembers,
      request: { params: IdParams, body: AddMemberBody },
      responses: { 200: { description: 'The team', schema: TeamOut } },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(
          await commands.addTeamMember({ actor, tx, services: deps, teamId: params.id, ...body }),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/teams/:id/members/:userId',
      summary: 'Remove someone from a team',
      tags,
      access: 'tenant',
      permissions: TEAM_PERMISSIONS.manageMembers,
      request: { params: MemberParams },
      responses: { 200: { description: 'The team', schema: TeamOut } },
      handler: async ({ actor, tx, params }) => ({
        body: present(
          await commands.removeTeamMember({ actor, tx, teamId: params.id, userId: params.userId }),
        ),
      }),
    }),
  ];
}
