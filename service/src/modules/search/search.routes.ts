import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import * as commands from './search.commands.js';
import { SEARCH_PERMISSIONS } from './search.policy.js';
import { presentSearchResult } from './search.presenter.js';
import { SearchQuery, SearchResultsOut } from './search.schema.js';

export function searchRoutes(): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/search',
      summary: 'Find customers, contacts and deals by name, best match first',
      description:
        'Full text on each word as a prefix plus trigram similarity of names ("globx" finds Globex). ' +
        'Only records you may see.',
      tags: ['Search'],
      access: 'tenant',
      permissions: SEARCH_PERMISSIONS.search,
      request: { query: SearchQuery },
      responses: { 200: { description: 'Matches, best first', schema: SearchResultsOut } },
      handler: async ({ actor, tx, query }) => {
        const { items } = await commands.search({ actor, tx, ...query });
        return { body: { items: items.map(presentSearchResult) } };
      },
    }),
  ];
}
