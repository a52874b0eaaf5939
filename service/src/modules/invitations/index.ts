import type { CloserModule } from '../../core/module/module.js';
import { invitationRoutes } from './invitations.routes.js';

/** Invitations to join an organization, and accepting them. */
export const invitationsModule: CloserModule = {
  name: 'invitations',
  routes: invitationRoutes,
  matrix: async () => (await import('./invitations.matrix.js')).matrix,
};
