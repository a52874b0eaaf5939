import type { z } from 'zod';
import type { ApiRoute, HttpMethod } from './api-route.js';
import {
  convertSchemas,
  reachableSchemas,
  resolveSchema,
  SCHEMA_REF,
  type ConvertedSchemas,
  type JsonSchema,
  type SchemaUses,
} from './openapi-schemas.js';
import {
  PROBLEM_RESPONSES,
  problemResponseComponents,
  problemSchema,
  RESPONSE_REF,
  SECURITY_SCHEMES,
} from './openapi-components.js';

export type { JsonSchema } from './openapi-schemas.js';

export type OpenApiParameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

export type OpenApiResponse = {
  description: string;
  headers?: Record<string, { description?: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
};

/** OpenAPI 3.1 lets a reference override the referenced response's description. */
export type OpenApiResponseRef = { $ref: string; description?: string };

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | OpenApiResponseRef>;
  security: Record<string, string[]>[];
  /** Any one of these permissions grants access; empty when signing in (or nothing) is enough. */
  'x-permissions': string[];
};

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, Record<string, string>>;
  };
};

export interface OpenApiInfo {
  version: string;
  serverUrl?: string;
}

const UNSAFE_METHODS = new Set<HttpMethod>(['post', 'put', 'patch', 'delete']);

/** Describes every route as an OpenAPI 3.1 operation; zod schemas with `.meta({ id })` become shared components. */
export function buildOpenApiDocument(routes: ApiRoute[], info: OpenApiInfo): OpenApiDocument {
  const operationIds = uniqueOperationIds(routes);
  const schemas = convertSchemas(schemaUses(routes, operationIds));
  if (schemas.components.Problem) {
    throw new Error('The schema name "Problem" is reserved for error responses');
  }
  const components = { ...schemas.components, Problem: problemSchema };

  const paths: OpenApiDocument['paths'] = {};
  for (const [index, route] of routes.entries()) {
    const path = openApiPath(route.path);
    if (paths[path]?.[route.method]) throw new Error(`Route ${route.method} ${route.path} is listed twice`);
    const operation = buildOperation({ route, operationId: operationIds[index] ?? '', schemas });
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'Closer API',
      version: info.version,
      description:
        'The HTTP API of Closer, a chat-first sales CRM. Errors are RFC 9457 `application/problem+json` documents.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags: [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name })),
    paths,
    components: { schemas: {}, responses: problemResponseComponents(), securitySchemes: SECURITY_SCHEMES },
  };
  document.components.schemas = reachableSchemas([document.paths, document.components.responses], components);
  return document;
}

/** `/api/v1/teams/:id` -> `/api/v1/teams/{id}`. */
export function openApiPath(path: string): string {
  if (/[{}()?+]/.test(path)) {
    throw new Error(`Cannot describe route path "${path}": only :name parameters are supported`);
  }
  return path.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}');
}

/** `post /api/v1/teams/:id/members` -> `postTeamsByIdMembers`: stable as long as the route is. */
export function operationIdFor(route: Pick<ApiRoute, 'method' | 'path'>): string {
  const words = route.path
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^[:*]/.test(segment) ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return route.method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

function uniqueOperationIds(routes: ApiRoute[]): string[] {
  const seen = new Set<string>();
  return routes.map((route) => {
    const base = operationIdFor(route);
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}${n}`;
    seen.add(id);
    return id;
  });
}

function schemaUses(routes: ApiRoute[], operationIds: string[]): SchemaUses {
  const uses: SchemaUses = { input: new Map(), output: new Map() };
  const use = (io: keyof SchemaUses, schema: z.ZodType | undefined, name: string) => {
    if (schema && !uses[io].has(schema)) uses[io].set(schema, name);
  };
  for (const [index, route] of routes.entries()) {
    const name = pascalCase(operationIds[index] ?? '');
    use('input', route.request?.params, `${name}Params`);
    use('input', route.request?.query, `${name}Query`);
    use('input', route.request?.body, `${name}Body`);
    for (const [status, response] of Object.entries(route.responses)) {
      use('output', response.schema, `${name}Response${status}`);
    }
  }
  return uses;
}

function buildOperation(args: {
  route: ApiRoute;
  operationId: string;
  schemas: ConvertedSchemas;
}): OpenApiOperation {
  const { route, operationId, schemas } = args;
  const permissions = route.access === 'public' ? [] : [...(route.permissions ?? [])];
  const description = [route.description, permissionNote(permissions)].filter(Boolean).join('\n\n');
  const parameters = operationParameters(route, schemas);
  const body = route.request?.body;
  return {
    operationId,
    summary: route.summary,
    ...(description ? { description } : {}),
    tags: route.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              [route.request?.contentType ?? 'application/json']: {
                schema: schemas.schemaFor(body, 'input'),
              },
            },
          },
        }
      : {}),
    responses: operationResponses(route, schemas),
    security: operationSecurity(route),
    'x-permissions': permissions,
  };
}

function permissionNote(permissions: string[]): string {
  if (permissions.length === 0) return '';
  const list = permissions.map((permission) => `\`${permission}\``).join(', ');
  return permissions.length === 1
    ? `Requires the permission ${list}.`
    : `Requires one of the permissions ${list}.`;
}

function operationSecurity(route: ApiRoute): Record<string, string[]>[] {
  if (route.access === 'public') return [];
  const needsCsrf = UNSAFE_METHODS.has(route.method) && !route.csrfExempt;
  return [needsCsrf ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }, { bearerApiKey: [] }];
}

/** One parameter per property of the params and query objects; every path segment is a required parameter. */
function operationParameters(route: ApiRoute, schemas: ConvertedSchemas): OpenApiParameter[] {
  const parameters: OpenApiParameter[] = [];
  const sources = [
    ['path', route.request?.params],
    ['query', route.request?.query],
  ] as const;
  for (const [location, zodSchema] of sources) {
    if (!zodSchema) continue;
    const object = resolveSchema(schemas.schemaFor(zodSchema, 'input'), schemas.components);
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((object.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...schema } = property;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema,
      });
    }
  }
  for (const [, name] of route.path.matchAll(/[:*]([A-Za-z_$][\w$]*)/g)) {
    if (name && !parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return parameters;
}

function operationResponses(route: ApiRoute, schemas: ConvertedSchemas): OpenApiOperation['responses'] {
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const isProblem = Number(status) >= 400;
    const shared = PROBLEM_RESPONSES[Number(status)];
    if (isProblem && shared && !response.schema && !response.headers) {
      responses[status] = { $ref: `${RESPONSE_REF}${shared.name}`, description: response.description };
      continue;
    }
    const schema = response.schema
      ? schemas.schemaFor(response.schema, 'output')
      : isProblem
        ? problemRef()
        : undefined;
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: responseHeaders(response.headers) } : {}),
      ...(schema
        ? { content: { [isProblem ? 'application/problem+json' : 'application/json']: { schema } } }
        : {}),
    };
  }
  for (const status of implicitProblemStatuses(route)) {
    const shared = PROBLEM_RESPONSES[status];
    if (shared && !responses[String(status)])
      responses[String(status)] = { $ref: `${RESPONSE_REF}${shared.name}` };
  }
  return responses;
}

/** What the route pipeline itself can answer: see `mountRoutes` and `problemMiddleware`. */
function implicitProblemStatuses(route: ApiRoute): number[] {
  const request = route.request ?? {};
  const authenticated = route.access === 'authenticated';
  const checksCsrf = authenticated && UNSAFE_METHODS.has(route.method) && !route.csrfExempt;
  const statuses: number[] = [];
  if (request.body && request.contentType !== 'multipart/form-data') statuses.push(400);
  if (authenticated) statuses.push(401);
  if ((authenticated && route.permissions?.length) || checksCsrf) statuses.push(403);
  if (request.body || request.query || request.params) statuses.push(422);
  statuses.push(500);
  return statuses;
}

function responseHeaders(headers: Record<string, string>): NonNullable<OpenApiResponse['headers']> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
}

function problemRef(): JsonSchema {
  return { $ref: `${SCHEMA_REF}Problem` };
}

function pascalCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
