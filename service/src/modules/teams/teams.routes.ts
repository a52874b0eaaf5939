import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { AddMemberBody, CreateTeamBody, MemberParams, TeamOut, UpdateTeamBody } from './teams.schema.js';
import * as teams from './teams.service.js';

export function teamRoutes(deps: AuthDeps): ApiRoute[] {
  const tags = ['Teams'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/teams',
      summary: 'List teams (all for user admins, managed or joined ones otherwise)',
      tags,
      access: 'authenticated',
      responses: {
        200: {
          description: 'Teams',
          schema: pageOf(TeamOut),
        },
      },
      handler: async ({ auth }) => ({ body: { items: await teams.listTeams(deps, auth), nextCursor: null } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/teams',
      summary: 'Create a team',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { body: CreateTeamBody },
      responses: { 201: { description: 'Created', schema: TeamOut }, 409: { description: 'Name taken' } },
      handler: async ({ auth, body }) => ({ status: 201, body: await teams.createTeam(deps, auth, body) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/teams/:id',
      summary: 'Rename or describe a team',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { params: IdParams, body: UpdateTeamBody },
      responses: {
        200: { description: 'Updated', schema: TeamOut },
        409: { description: 'Name taken or stale version' },
      },
      handler: async ({ auth, params, body }) => ({
        body: await teams.updateTeam(deps, auth, params.id, body),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/teams/:id',
      summary: 'Delete a team',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users'],
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ auth, params }) => {
        await teams.deleteTeam(deps, auth, params.id);
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/teams/:id/members',
      summary: 'Add a member or manager to a team (or change their team role)',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users', 'team.manage_members'],
      request: { params: IdParams, body: AddMemberBody },
      responses: { 200: { description: 'The team', schema: TeamOut } },
      handler: async ({ auth, params, body }) => ({
        body: await teams.addTeamMember(deps, auth, params.id, body),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/teams/:id/members/:userId',
      summary: 'Remove someone from a team',
      tags,
      access: 'authenticated',
      permissions: ['org.manage_users', 'team.manage_members'],
      request: { params: MemberParams },
      responses: { 200: { description: 'The team', schema: TeamOut } },
      handler: async ({ auth, params }) => ({
        body: await teams.removeTeamMember(deps, auth, params.id, params.userId),
      }),
    }),
  ];
}
