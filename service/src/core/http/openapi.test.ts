import { describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { documentedRoutes } from '../../modules.js';
import { defineRoute, type ApiRoute } from './api-route.js';
import { buildOpenApiDocument, openApiPath, operationIdFor, type OpenApiDocument } from './openapi.js';

const permissionSchema = z.enum(['org.manage_users', 'team.manage_members']).meta({ id: 'Permission' });
const userSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    name: z.string(),
    createdAt: z.iso.datetime().describe('When the user was created, ISO 8601 UTC'),
  })
  .meta({ id: 'User' });
const teamSchema = z
  .object({
    id: z.uuid(),
    name: z.string().max(120),
    members: z.array(userSchema),
    version: z.number().int(),
  })
  .meta({ id: 'Team' });
const idParams = z.strictObject({ id: z.uuid().describe('The team id') });

const sampleRoutes: ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in',
    description: 'Starts a session and sets the `closer_session` cookie.',
    tags: ['auth'],
    access: 'public',
    csrfExempt: true,
    request: { body: z.strictObject({ email: z.email(), password: z.string().min(1).max(1024) }) },
    responses: {
      200: {
        description: 'Signed in',
        schema: z.object({ user: userSchema, permissions: z.array(permissionSchema), csrfToken: z.string() }),
        headers: { 'Set-Cookie': 'The session cookie' },
      },
      429: { description: 'Too many sign-in attempts for this account or address' },
    },
    handler: () => ({}),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams',
    summary: 'List teams',
    tags: ['teams'],
    access: 'authenticated',
    request: {
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size'),
        cursor: z.string().optional().describe('`nextCursor` of the previous page'),
        q: z.string().max(200).optional().describe('Search by name'),
      }),
    },
    responses: {
      200: {
        description: 'A page of teams',
        schema: z.object({ items: z.array(teamSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: () => ({}),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/teams/:id',
    summary: 'Rename a team',
    tags: ['teams'],
    access: 'authenticated',
    permissions: ['org.manage_users', 'team.manage_members'],
    request: {
      params: idParams,
      body: z.strictObject({ name: z.string().min(1).max(120), version: z.number().int() }),
    },
    responses: {
      200: { description: 'The renamed team', schema: teamSchema },
      404: { description: 'No such team' },
      409: { description: 'The team changed since you read it', schema: z.object({ current: teamSchema }) },
    },
    handler: () => ({}),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/teams/:id',
    summary: 'Delete a team',
    tags: ['teams'],
    access: 'authenticated',
    permissions: ['org.manage_users'],
    request: { params: idParams },
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such team' } },
    handler: () => ({}),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/users/import',
    summary: 'Import users from CSV',
    tags: ['users'],
    access: 'authenticated',
    permissions: ['org.import_data'],
    request: {
      contentType: 'multipart/form-data',
      body: z.object({
        file: z.file().mime('text/csv').describe('CSV with columns email, name, role, team'),
      }),
    },
    responses: {
      200: { description: 'Invitations created', schema: z.object({ invited: z.number().int() }) },
    },
    handler: () => ({}),
  }),
];

async function expectValid(document: OpenApiDocument): Promise<void> {
  const result = await new Validator().validate(structuredClone(document));
  if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
  expect(result).toEqual({ valid: true });
}

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(sampleRoutes, {
    version: '1.2.3',
    serverUrl: 'https://closer.example',
  });
  const paths = document.paths;

  it('describes the API and converts koa paths', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Closer API', version: '1.2.3' });
    expect(document.servers).toEqual([{ url: 'https://closer.example' }]);
    expect(Object.keys(paths).sort()).toEqual([
      '/api/v1/auth/login',
      '/api/v1/teams',
      '/api/v1/teams/{id}',
      '/api/v1/users/import',
    ]);
    expect(Object.keys(paths['/api/v1/teams/{id}'] ?? {}).sort()).toEqual(['delete', 'patch']);
    expect(document.tags).toEqual([{ name: 'auth' }, { name: 'teams' }, { name: 'users' }]);
  });

  it('derives stable operation ids from method and path', () => {
    expect(paths['/api/v1/teams/{id}']?.patch?.operationId).toBe('patchTeamsById');
    expect(operationIdFor({ method: 'post', path: '/api/v1/auth/password-reset/confirm' })).toBe(
      'postAuthPasswordResetConfirm',
    );
    expect(openApiPath('/api/v1/teams/:id/members/:userId')).toBe('/api/v1/teams/{id}/members/{userId}');
  });

  it('documents a public JSON body without security', () => {
    const login = paths['/api/v1/auth/login']?.post;
    expect(login?.security).toEqual([]);
    expect(login?.['x-permissions']).toEqual([]);
    expect(login?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: expect.objectContaining({
            type: 'object',
            required: ['email', 'password'],
            additionalProperties: false,
          }) as unknown,
        },
      },
    });
    expect(login?.responses['200']).toMatchObject({
      headers: { 'Set-Cookie': { description: 'The session cookie' } },
      content: {
        'application/json': { schema: { properties: { user: { $ref: '#/components/schemas/User' } } } },
      },
    });
    expect(login?.responses['429']).toEqual({
      $ref: '#/components/responses/TooManyRequests',
      description: 'Too many sign-in attempts for this account or address',
    });
    expect(document.components.responses.TooManyRequests?.headers?.['Retry-After']).toBeDefined();
    expect(Object.keys(login?.responses ?? {})).toEqual(['200', '400', '422', '429', '500']);
  });

  it('turns query properties into parameters with descriptions, defaults and required flags', () => {
    const list = paths['/api/v1/teams']?.get;
    expect(list?.parameters).toEqual([
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Page size',
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
      },
      {
        name: 'cursor',
        in: 'query',
        required: false,
        description: '`nextCursor` of the previous page',
        schema: { type: 'string' },
      },
      {
        name: 'q',
        in: 'query',
        required: false,
        description: 'Search by name',
        schema: { type: 'string', maxLength: 200 },
      },
    ]);
    expect(list?.security).toEqual([{ sessionCookie: [] }, { bearerApiKey: [] }]);
    expect(Object.keys(list?.responses ?? {})).toEqual(['200', '401', '422', '500']);
  });

  it('documents params, body, permissions and CSRF on an unsafe authenticated route', () => {
    const patch = paths['/api/v1/teams/{id}']?.patch;
    expect(patch?.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'The team id',
        schema: expect.objectContaining({ format: 'uuid' }),
      },
    ]);
    expect(patch?.security).toEqual([{ sessionCookie: [], csrfToken: [] }, { bearerApiKey: [] }]);
    expect(patch?.['x-permissions']).toEqual(['org.manage_users', 'team.manage_members']);
    expect(patch?.description).toContain('`org.manage_users`, `team.manage_members`');
    expect(patch?.responses['200']).toEqual({
      description: 'The renamed team',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Team' } } },
    });
    expect(patch?.responses['409']).toMatchObject({ content: { 'application/problem+json': {} } });
    expect(patch?.responses['404']).toEqual({
      $ref: '#/components/responses/NotFound',
      description: 'No such team',
    });
    for (const [status, name] of [
      ['401', 'Unauthorized'],
      ['403', 'Forbidden'],
      ['422', 'ValidationFailed'],
      ['500', 'InternalError'],
    ]) {
      expect(patch?.responses[status ?? '']).toEqual({ $ref: `#/components/responses/${name}` });
    }
  });

  it('documents an empty 204 response', () => {
    const remove = paths['/api/v1/teams/{id}']?.delete;
    expect(remove?.responses['204']).toEqual({ description: 'Deleted' });
    expect(remove?.requestBody).toBeUndefined();
    expect(remove?.description).toBe('Requires the permission `org.manage_users`.');
  });

  it('documents a multipart upload', () => {
    const upload = paths['/api/v1/users/import']?.post;
    expect(Object.keys(upload?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    expect(upload?.requestBody?.content['multipart/form-data']?.schema).toMatchObject({
      properties: { file: { type: 'string', format: 'binary', contentMediaType: 'text/csv' } },
    });
    expect(upload?.responses['400']).toBeUndefined();
  });

  it('shares components for schemas with an id and one Problem schema', () => {
    const { schemas, responses, securitySchemes } = document.components;
    expect(Object.keys(schemas)).toEqual(['Permission', 'Problem', 'Team', 'User']);
    expect(schemas.Team).toMatchObject({
      properties: { members: { items: { $ref: '#/components/schemas/User' } } },
    });
    expect(JSON.stringify(document)).not.toContain('$schema');
    expect(JSON.stringify(document)).not.toContain('__shared');
    for (const response of Object.values(responses)) {
      expect(response.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({
        type: 'apiKey',
        in: 'cookie',
        name: 'closer_session',
      }) as unknown,
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }) as unknown,
      bearerApiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
    });
  });

  it('names the input shape of a component apart when it differs from the output shape', () => {
    const settings = z.object({ locale: z.string().default('en') }).meta({ id: 'OpenApiTestSettings' });
    const route = defineRoute({
      method: 'put',
      path: '/api/v1/settings',
      summary: 'Replace settings',
      tags: ['settings'],
      access: 'authenticated',
      request: { body: settings },
      responses: { 200: { description: 'Saved', schema: settings } },
      handler: () => ({}),
    });
    const { components, paths: settingsPaths } = buildOpenApiDocument([route], { version: '0' });
    const put = settingsPaths['/api/v1/settings']?.put;
    expect(put?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/OpenApiTestSettingsInput',
    });
    expect(components.schemas.OpenApiTestSettings).toMatchObject({ required: ['locale'] });
    expect(components.schemas.OpenApiTestSettingsInput).not.toHaveProperty('required');
  });

  it('passes the OpenAPI 3.1 schema validator', async () => {
    await expectValid(document);
  });
});

describe('the document of the real routes', () => {
  it('describes every route with its method and validates', async () => {
    const routes = documentedRoutes();
    const document = buildOpenApiDocument(routes, { version: '0.0.0-test' });
    for (const route of routes) {
      expect(document.paths[openApiPath(route.path)]?.[route.method]).toMatchObject({
        summary: route.summary,
      });
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(routes.length);
    await expectValid(document);
  });
});
