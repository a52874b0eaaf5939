import type { CloserModule } from '../../core/module/module.js';
import { integrationRoutes } from './integrations.routes.js';

/**
 * Slack workspaces and Teams tenants bound to organizations, and the platform accounts linked to
 * members: how a message from a bot finds its organization and its person. The bots themselves live in
 * `bots/`; they reach this module through the chat directory the composition root hands them.
 */
export const integrationsModule: CloserModule = {
  name: 'integrations',
  routes: integrationRoutes,
  matrix: async () => (await import('./integrations.matrix.js')).matrix,
};
