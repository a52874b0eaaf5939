import type { ApiRoute } from './http/api-route.js';

/** Every `/api/v1` route, in one list: mounted by the app and described by the OpenAPI document. */
export function apiRoutes(): ApiRoute[] {
  return [];
}
