import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import * as commands from './api-keys.commands.js';
import { API_KEY_PERMISSIONS } from './api-keys.policy.js';
import { presentApiKey, presentCreatedApiKey } from './api-keys.presenter.js';
import { ApiKeyOut, CreateApiKeyBody, CreatedApiKeyOut, IdParams } from './api-keys.schema.js';

export function apiKeyRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['API keys'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      summary: 'Create an API key (the secret is returned once)',
      tags,
      access: 'tenant',
      permissions: API_KEY_PERMISSIONS.create,
      request: { body: CreateApiKeyBody },
      responses: {
        201: { description: 'Created', schema: CreatedApiKeyOut },
        403: { description: 'A permission the creator lacks' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentCreatedApiKey(await commands.createApiKey({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      summary: "List the organization's API keys",
      tags,
      access: 'tenant',
      permissions: API_KEY_PERMISSIONS.list,
      responses: { 200: { description: 'Keys', schema: pageOf(ApiKeyOut) } },
      handler: async (input) => ({
        body: { items: (await commands.listApiKeys(input)).map(presentApiKey), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/api-keys/:id',
      summary: 'Revoke an API key (it stops working at once)',
      tags,
      access: 'tenant',
      permissions: API_KEY_PERMISSIONS.revoke,
      request: { params: IdParams },
      responses: { 200: { description: 'Revoked', schema: ApiKeyOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentApiKey(await commands.revokeApiKey({ actor, tx, services: deps, apiKeyId: params.id })),
      }),
    }),
  ];
}
