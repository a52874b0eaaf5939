import type { CloserModule } from '../../core/module/module.js';
import { assistantRoutes } from './assistant.routes.js';

/**
 * The assistant's conversation core and its web console: a message becomes the parser's commands,
 * resolved against the organization's records, carried out by the domain commands with the member's
 * permissions, and answered with what changed and an Undo. Slack and Teams adapters render its replies.
 */
export const assistantModule: CloserModule = {
  name: 'assistant',
  routes: assistantRoutes,
  matrix: async () => (await import('./assistant.matrix.js')).matrix,
};
