import type { SearchResult } from './search.commands.js';

export function presentSearchResult(result: SearchResult) {
  return {
    type: result.type,
    id: result.id,
    name: result.name,
    subtitle: result.subtitle,
    score: result.score,
  };
}
