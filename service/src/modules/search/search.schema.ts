import { z } from 'zod';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';

export const searchTypes = ['customer', 'contact', 'opportunity', 'task'] as const;
export type SearchType = (typeof searchTypes)[number];

const typeList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((type) => type.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(searchTypes, { message: `each must be one of ${searchTypes.join(', ')}` }))
      .min(1, `name at least one of ${searchTypes.join(', ')}`),
  )
  .transform((types) => [...new Set(types)]);

export const SearchQuery = queryObject({
  q: singleLineText({ max: 200 }).describe(
    'Words to look for; each matches as a prefix, and names tolerate typos',
  ),
  types: typeList.optional().describe(`Comma-separated: ${searchTypes.join(', ')} (all when absent)`),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const SearchResultOut = z
  .object({
    type: z.enum(searchTypes),
    id: z.uuid(),
    name: z.string(),
    subtitle: z
      .string()
      .describe('What tells two results apart: a domain, a title, the customer of a deal, a task’s status'),
    score: z.number().describe('Higher is a better match; comparable within one answer only'),
  })
  .meta({ id: 'SearchResult' });

export const SearchResultsOut = z.object({ items: z.array(SearchResultOut) }).meta({ id: 'SearchResults' });
