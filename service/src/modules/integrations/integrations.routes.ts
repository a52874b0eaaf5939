import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import * as commands from './integrations.commands.js';
import { INTEGRATION_PERMISSIONS } from './integrations.policy.js';
import { presentWorkspace } from './integrations.presenter.js';
import { BindSlackBody, BindTeamsBody, IdParams, WorkspaceOut } from './integrations.schema.js';
import type { ChatPlatform } from './integrations.tables.js';
import { completeInstall, installUrl } from './slack-oauth.js';

const InstallQuery = z.object({
  code: z.string().min(1, 'Slack sent no code').max(500),
  state: z.string().min(1, 'Slack sent no state').max(2000),
});

export function integrationRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Integrations'];
  const access = 'tenant' as const;
  const permissions = INTEGRATION_PERMISSIONS.manage;
  const collections: [ChatPlatform, string, string][] = [
    ['slack', '/api/v1/integrations/slack/workspaces', 'Slack workspaces'],
    ['teams', '/api/v1/integrations/teams/tenants', 'Microsoft Teams tenants'],
  ];
  return [
    defineRoute({
      method: 'get',
      path: '/slack/install',
      summary: 'Add Closer to a Slack workspace (OAuth v2): redirects to Slack',
      description:
        'For an Org Admin, signed in: Slack asks for consent, then returns to `/slack/oauth_redirect`, which connects the workspace to the organization. 503 when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are not set.',
      tags,
      access,
      permissions,
      responses: { 302: { description: "To Slack's consent page" } },
      handler: ({ actor }) => ({ status: 302, headers: { location: installUrl(deps.config, actor) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/slack/oauth_redirect',
      summary: "Slack's return from the install: connects the workspace, then on to the dashboard",
      description:
        'The state Closer signed (ten minutes) names the organization; a bad or old state is a 400 and nothing is stored.',
      tags,
      access: 'public',
      request: { query: InstallQuery },
      responses: { 302: { description: 'To the dashboard, with `?slack=connected`' } },
      handler: async ({ query }) => {
        await completeInstall(deps, query);
        return { status: 302, headers: { location: `${deps.config.publicUrl}/?slack=connected` } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/integrations/slack/workspaces',
      summary: 'Connect a Slack workspace with a self-built app’s bot token',
      description:
        'For a single-workspace app of your own (the OAuth install at `/slack/install` binds the same way). The token is checked with Slack (`auth.test`) and kept encrypted; 409 when the workspace is already connected to an organization.',
      tags,
      access,
      permissions,
      request: { body: BindSlackBody },
      responses: { 201: { description: 'Connected', schema: WorkspaceOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentWorkspace(
          await commands.bindSlackWorkspace({ actor, tx, config: deps.config, ...body }),
        ),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/integrations/teams/tenants',
      summary: 'Connect a Microsoft Teams (Entra) tenant',
      description: 'Messages to the Closer bot from that tenant’s users reach this organization.',
      tags,
      access,
      permissions,
      request: { body: BindTeamsBody },
      responses: { 201: { description: 'Connected', schema: WorkspaceOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentWorkspace(await commands.bindTeamsTenant({ actor, tx, ...body })),
      }),
    }),
    ...collections.flatMap(([platform, path, what]) => [
      defineRoute({
        method: 'get',
        path,
        summary: `List the organization’s ${what}`,
        tags,
        access,
        permissions,
        responses: { 200: { description: what, schema: pageOf(WorkspaceOut) } },
        handler: async ({ actor, tx }) => ({
          body: {
            items: (await commands.listWorkspaces({ actor, tx, platform })).map(presentWorkspace),
            nextCursor: null,
          },
        }),
      }),
      defineRoute({
        method: 'delete',
        path: `${path}/:id`,
        summary: `Disconnect one of the ${what} (its members’ links go with it)`,
        tags,
        access,
        permissions,
        request: { params: IdParams },
        responses: { 204: { description: 'Disconnected' } },
        handler: async ({ actor, tx, params }) => {
          await commands.unbindWorkspace({ actor, tx, platform, id: params.id });
          return { status: 204 };
        },
      }),
    ]),
  ];
}
