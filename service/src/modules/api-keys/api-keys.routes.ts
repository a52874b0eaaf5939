import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { ApiKeyOut, CreateApiKeyBody, CreatedApiKeyOut, IdParams } from './api-keys.schema.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

export function apiKeyRoutes(deps: AuthDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      summary: 'Create an API key (the secret is returned once)',
      tags: ['API keys'],
      access: 'authenticated',
      permissions: ['org.manage_integrations'],
      request: { body: CreateApiKeyBody },
      responses: { 201: { description: 'Created', schema: CreatedApiKeyOut } },
      handler: async ({ auth, body }) => ({ status: 201, body: await createApiKey(deps, auth, body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      summary: "List the organization's API keys",
      tags: ['API keys'],
      access: 'authenticated',
      permissions: ['org.manage_integrations'],
      responses: {
        200: {
          description: 'Keys',
          schema: pageOf(ApiKeyOut),
        },
      },
      handler: async ({ auth }) => ({ body: { items: await listApiKeys(deps, auth), nextCursor: null } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/api-keys/:id',
      summary: 'Revoke an API key',
      tags: ['API keys'],
      access: 'authenticated',
      permissions: ['org.manage_integrations'],
      request: { params: IdParams },
      responses: { 200: { description: 'Revoked', schema: ApiKeyOut } },
      handler: async ({ auth, params }) => ({ body: await revokeApiKey(deps, auth, params.id) }),
    }),
  ];
}
