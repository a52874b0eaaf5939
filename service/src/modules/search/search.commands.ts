import { AppError } from '../../core/errors/app-error.js';
import { holdsAny } from '../../core/identity/actor.js';
import type { CommandInput } from '../../core/module/module.js';
import { SEARCH_WORK } from './search.policy.js';
import * as repo from './search.repo.js';
import { searchTypes, type SearchType } from './search.schema.js';

/** At most this many words count; each at most this long (enough for any name). */
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/**
 * The words of a query, made safe for `to_tsquery`: runs of letters and digits only (no operators,
 * quotes or colons survive), each a prefix. Undefined when nothing searchable is left.
 */
export function searchTerms(q: string): repo.SearchTerms | undefined {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (!words.length) return undefined;
  const text = words.join(' ');
  return {
    tsQuery: words.map((word) => `${word}:*`).join(' & '),
    text,
    prefix: `${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`,
  };
}

export type SearchResult = repo.SearchRow;

/**
 * Customers, contacts, deals and tasks the actor may see whose names (or other searchable words) match `q`,
 * best first. The assistant resolves names ("move the Globex deal") with it.
 */
export async function search({
  actor,
  tx,
  q,
  types = searchTypes,
  limit = 20,
}: CommandInput & {
  q: string;
  types?: readonly SearchType[] | undefined;
  limit?: number | undefined;
}): Promise<{ items: SearchResult[] }> {
  const terms = searchTerms(q);
  if (!terms) throw AppError.validation([{ path: 'query.q', message: 'must contain a letter or a digit' }]);
  const allowed = types.filter((type) => holdsAny(actor, SEARCH_WORK[type]));
  return { items: await repo.searchRecords(tx, { actor, terms, types: allowed, limit }) };
}
