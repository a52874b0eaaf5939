import { allow, type ModuleMatrix, row } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Search: the work on customers or deals; results are what the caller may see
    row('GET', '/api/v1/search', allow({ orgAdmin: 200, teamManager: 200, salesRep: 200 }), (w, c) =>
      w.client(c).get('/api/v1/search?q=globx'),
    ),
  ],
  isolation: {
    // Every organization has its own "Globex" (seeded by the customers module): a typo finds one's
    // own, never the other's.
    lists: ['/api/v1/search?q=globx', '/api/v1/search?q=paper&types=customer'],
    probes: [],
  },
};
