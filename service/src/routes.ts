import type { ApiRoute } from './core/http/api-route.js';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import type { AuthDeps } from './modules/auth/auth.service.js';
import { createSignInLimiter, type SignInLimiter } from './core/auth/rate-limit.js';
import { invitationRoutes } from './modules/invitations/invitations.routes.js';
import { platformRoutes } from './modules/platform/platform.routes.js';
import { roleRoutes } from './modules/roles/roles.routes.js';
import { teamRoutes } from './modules/teams/teams.routes.js';
import { userRoutes } from './modules/users/users.routes.js';

/** Every `/api/v1` route, in one list: mounted by the app and described by the OpenAPI document. */
export function apiRoutes(deps: AuthDeps, limiter: SignInLimiter): ApiRoute[] {
  return [
    ...authRoutes(deps, limiter),
    ...apiKeyRoutes(deps),
    ...platformRoutes(deps),
    ...roleRoutes(deps),
    ...teamRoutes(deps),
    ...userRoutes(deps),
    ...invitationRoutes(deps),
    ...auditRoutes(deps),
  ];
}

/**
 * The route list for describing the API (OpenAPI tests, tooling). Handlers close over their
 * dependencies and are never called here, so none are given.
 */
export function documentedRoutes(): ApiRoute[] {
  return apiRoutes({} as AuthDeps, createSignInLimiter());
}
