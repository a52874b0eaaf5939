import { loadConfig } from '../config/config.js';
import type { ModuleDeps } from '../module/module.js';
import { apiRoutes } from '../../modules.js';
import { API_VERSION } from '../../app.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';

/**
 * The OpenAPI document without a running service: route definitions only read their dependencies when
 * a request arrives, so none are given. The dashboard's API types are generated from this.
 */
export function describeApi(): OpenApiDocument {
  const unused = undefined as never;
  const deps: ModuleDeps = {
    config: loadConfig({}),
    db: unused,
    queue: unused,
    callers: unused,
    signInLimiter: unused,
  };
  return buildOpenApiDocument(apiRoutes(deps), { version: API_VERSION });
}
