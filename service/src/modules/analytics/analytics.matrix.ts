import { allow, get, type ModuleMatrix, row } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Reps read their own figures, managers their teams', Org Admins the organization's.
    row(
      'GET',
      '/api/v1/analytics',
      allow({ orgAdmin: 200, teamManager: 200, salesRep: 200, customRole: 200 }),
      get('/api/v1/analytics?interval=quarter'),
    ),
  ],
  isolation: {
    // The figures name stages, pipelines and people: never another organization's.
    lists: ['/api/v1/analytics', '/api/v1/analytics?interval=week'],
    probes: [
      ['GET', '/api/v1/analytics?teamId=<West>'],
      ['GET', '/api/v1/analytics?userId=<rep>'],
    ],
  },
};
