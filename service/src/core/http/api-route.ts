import { rm } from 'node:fs/promises';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { inTenant } from '../context/unit-of-work.js';
import type { Database, Tx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { holdsAny, requireTenant, type Actor, type TenantActor } from '../identity/actor.js';
import type { Permission } from '../identity/permissions.js';
import type { UploadedFile } from './upload.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteResponse {
  description: string;
  /** Body schema; absent for empty responses (204) and problem documents (described once). */
  schema?: z.ZodType;
  headers?: Record<string, string>;
}

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<Body extends Schema, Query extends Schema, Params extends Schema> {
  body: Parsed<Body>;
  query: Parsed<Query>;
  params: Parsed<Params>;
  /** The file read by the route's `request.upload`, before any transaction opened. */
  upload?: Buffer;
  /** The file streamed to disk by the route's `request.uploadFile`; removed after the response. */
  file?: UploadedFile;
  ctx: Context;
}

/** What each kind of route's handler receives: signed-in routes add the actor, tenant routes the transaction. */
interface InputByAccess<Body extends Schema, Query extends Schema, Params extends Schema> {
  /** Anyone may call (sign-in, password reset, invitation acceptance). */
  public: RouteInput<Body, Query, Params>;
  /** A signed-in caller, in an organization or not (their session, platform work); no transaction. */
  authenticated: RouteInput<Body, Query, Params> & { actor: Actor };
  /** A caller working in their organization: runs inside the request's one tenant transaction. */
  tenant: RouteInput<Body, Query, Params> & { actor: TenantActor; tx: Tx };
}
type Access = keyof InputByAccess<Schema, Schema, Schema>;

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Returns = Promise<RouteResult> | RouteResult;

interface RouteBase<Body extends Schema, Query extends Schema, Params extends Schema> {
  method: HttpMethod;
  /** Koa-router path, e.g. `/api/v1/teams/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  request?: {
    body?: Body;
    query?: Query;
    params?: Params;
    /** `multipart/form-data` routes read the file themselves; the body schema documents the fields. */
    contentType?: 'application/json' | 'multipart/form-data';
    /** Reads an uploaded file (tenant routes): before the transaction, so a slow client holds no connection. */
    upload?: (ctx: Context) => Promise<Buffer>;
    /**
     * Streams an uploaded file to a temporary file (tenant routes), before the transaction: for files
     * too large to hold in memory. Whatever is left of it is deleted once the handler is done.
     */
    uploadFile?: (ctx: Context) => Promise<UploadedFile>;
  };
  responses: Record<number, RouteResponse>;
  /** Exempt from the CSRF header check (sign-in and other pre-session endpoints). */
  csrfExempt?: boolean;
  /** Any one of these lets the caller in (403 otherwise); empty or absent: every signed-in caller. */
  permissions?: readonly Permission[];
}

interface Route<
  A extends Access,
  Body extends Schema,
  Query extends Schema,
  Params extends Schema,
> extends RouteBase<Body, Query, Params> {
  access: A;
  handler: (input: InputByAccess<Body, Query, Params>[A]) => Returns;
}

export type ApiRoute<
  Body extends Schema = Schema,
  Query extends Schema = Schema,
  Params extends Schema = Schema,
> =
  | Route<'public', Body, Query, Params>
  | Route<'authenticated', Body, Query, Params>
  | Route<'tenant', Body, Query, Params>;

/** Identity function that keeps the route's schema types flowing into its handler. */
export function defineRoute<
  Body extends Schema = undefined,
  Query extends Schema = undefined,
  Params extends Schema = undefined,
>(route: ApiRoute<Body, Query, Params>): ApiRoute {
  return route;
}

/** Zod issues become `errors: [{path, message}]` with the field's dotted path, prefixed by where it came from. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

export interface RouteGuards {
  /** Resolves the caller or throws 401. */
  authenticate(ctx: Context): Promise<Actor>;
  /** Throws 403 when a cookie-authenticated unsafe request lacks a valid CSRF token. */
  checkCsrf(ctx: Context, actor: Actor): void;
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** A JSON route refuses a body of another type with 415 rather than validating `undefined`. */
function assertJsonBody(ctx: Context): void {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (hasBody && !ctx.is('application/json', '+json')) {
    throw new AppError('unsupported_media_type', {
      message: `Send the body as application/json, not ${ctx.get('content-type') || 'an unnamed type'}`,
    });
  }
}

function parseRequest(route: ApiRoute, ctx: Context): RouteInput<Schema, Schema, Schema> {
  const request = route.request ?? {};
  const json = request.body && request.contentType !== 'multipart/form-data';
  if (json) assertJsonBody(ctx);
  return {
    body: json ? parseInput(request.body!, ctx.request.body ?? {}, 'body') : undefined,
    query: request.query ? parseInput(request.query, ctx.query, 'query') : undefined,
    params: request.params ? parseInput(request.params, ctx.params, 'params') : undefined,
    ctx,
  };
}

/** Signed-in routes: who is calling, CSRF on unsafe methods, then the route's permissions. */
async function admit(route: RouteBase<Schema, Schema, Schema>, ctx: Context, guards: RouteGuards) {
  const actor = await guards.authenticate(ctx);
  if (UNSAFE.has(route.method) && !route.csrfExempt) guards.checkCsrf(ctx, actor);
  if (!holdsAny(actor, route.permissions ?? [])) {
    throw AppError.forbidden(`This needs the permission ${route.permissions!.join(' or ')}`);
  }
  return actor;
}

async function run(
  route: ApiRoute,
  ctx: Context,
  deps: { guards: RouteGuards; db: Database },
): Promise<RouteResult> {
  if (route.access === 'public') return route.handler(parseRequest(route, ctx));
  const actor = await admit(route, ctx, deps.guards);
  if (route.access === 'authenticated') return route.handler({ ...parseRequest(route, ctx), actor });
  const tenantActor = requireTenant(actor);
  const input = parseRequest(route, ctx);
  if (route.request?.upload) input.upload = await route.request.upload(ctx);
  if (route.request?.uploadFile) input.file = await route.request.uploadFile(ctx);
  const readOnly = route.method === 'get';
  try {
    return await inTenant(
      deps.db,
      tenantActor,
      async (tx) => route.handler({ ...input, actor: tenantActor, tx }),
      { readOnly },
    );
  } finally {
    if (input.file) await rm(input.file.path, { force: true });
  }
}

/** Registers routes on a router: auth -> CSRF -> permission -> validation -> (transaction) handler -> response. */
export function mountRoutes(
  router: Router,
  routes: ApiRoute[],
  deps: { guards: RouteGuards; db: Database },
): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const result = await run(route, ctx, deps);
      ctx.status = result.status ?? (result.body === undefined ? 204 : 200);
      if (result.headers) ctx.set(result.headers);
      if (result.body !== undefined) ctx.body = result.body;
    });
  }
}
