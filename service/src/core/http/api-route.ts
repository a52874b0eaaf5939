import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { Permission } from '../identity/permissions.js';
import type { AuthContext } from '../identity/actor.js';
import { AppError } from '../errors/app-error.js';

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
  ctx: Context;
}

export interface AuthedRouteInput<
  Body extends Schema,
  Query extends Schema,
  Params extends Schema,
> extends RouteInput<Body, Query, Params> {
  auth: AuthContext;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

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
  };
  responses: Record<number, RouteResponse>;
  /** Exempt from the CSRF header check (sign-in and other pre-session endpoints). */
  csrfExempt?: boolean;
}

/** A route anyone may call (sign-in, password reset, invitation acceptance). */
export interface PublicRoute<
  Body extends Schema,
  Query extends Schema,
  Params extends Schema,
> extends RouteBase<Body, Query, Params> {
  access: 'public';
  handler: (input: RouteInput<Body, Query, Params>) => Promise<RouteResult> | RouteResult;
}

/** A route that needs a signed-in user or an API key, and optionally one of `permissions`. */
export interface AuthedRoute<
  Body extends Schema,
  Query extends Schema,
  Params extends Schema,
> extends RouteBase<Body, Query, Params> {
  access: 'authenticated';
  /** Any one of these grants access; empty or absent means every signed-in caller. */
  permissions?: Permission[];
  handler: (input: AuthedRouteInput<Body, Query, Params>) => Promise<RouteResult> | RouteResult;
}

export type ApiRoute<
  Body extends Schema = Schema,
  Query extends Schema = Schema,
  Params extends Schema = Schema,
> = PublicRoute<Body, Query, Params> | AuthedRoute<Body, Query, Params>;

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
  /** Resolves the caller or throws 401; sets the tenant context for the rest of the request. */
  authenticate(ctx: Context): Promise<AuthContext>;
  /** Throws 403 unless `auth` holds one of `permissions`. */
  authorize(auth: AuthContext, permissions: Permission[]): void;
  /** Throws 403 when a cookie-authenticated unsafe request lacks a valid CSRF token. */
  checkCsrf(ctx: Context, auth: AuthContext | undefined): void;
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** Registers routes on a router: auth -> CSRF -> permission -> validation -> handler -> response. */
export function mountRoutes(router: Router, routes: ApiRoute[], guards: RouteGuards): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      let auth: AuthContext | undefined;
      if (route.access === 'authenticated') {
        auth = await guards.authenticate(ctx);
        if (UNSAFE.has(route.method) && !route.csrfExempt) guards.checkCsrf(ctx, auth);
        if (route.permissions?.length) guards.authorize(auth, route.permissions);
      }
      const request = route.request ?? {};
      const input = {
        body:
          request.body && request.contentType !== 'multipart/form-data'
            ? parseInput(request.body, ctx.request.body ?? {}, 'body')
            : undefined,
        query: request.query ? parseInput(request.query, ctx.query, 'query') : undefined,
        params: request.params ? parseInput(request.params, ctx.params, 'params') : undefined,
        ctx,
      };
      const result =
        route.access === 'authenticated'
          ? await route.handler({ ...input, auth: auth! })
          : await route.handler(input);
      ctx.status = result.status ?? (result.body === undefined ? 204 : 200);
      if (result.headers) ctx.set(result.headers);
      if (result.body !== undefined) ctx.body = result.body;
    });
  }
}
