import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import type { SearchType } from './search.schema.js';

type Scoped = Pick<Actor, 'permissions' | 'userId'>;

/** What is looked for, already made safe: see `searchTerms` in search.commands.ts. */
export interface SearchTerms {
  /** `word1:* & word2:*`: words of letters and digits only, so no tsquery syntax can get in. */
  tsQuery: string;
  /** The words, lower case, separated by single spaces: compared with names by trigrams. */
  text: string;
  /** `text` as a LIKE prefix pattern, its wildcards escaped. */
  prefix: string;
}

export interface SearchRow {
  type: SearchType;
  id: string;
  name: string;
  subtitle: string;
  score: number;
}

const inScope = (actor: Scoped, ownerColumn: SQL): SQL => userInScope(actor, ownerColumn) ?? sql`true`;

/**
 * How a pass finds candidates: `words` by full text on the `search` vector (every word as a prefix),
 * `typos` by trigram word similarity of the name, which forgives a typo ("globx" -> Globex).
 */
export type SearchPass = 'words' | 'typos';

/**
 * The match and rank of one kind of record (`t` is its alias) in a pass. The rank adds an exact name,
 * a name starting with the words, a full-text hit and both similarities, the same in both passes.
 */
function matchAndScore(terms: SearchTerms, pass: SearchPass) {
  const query = sql`to_tsquery('simple', ${terms.tsQuery})`;
  const name = sql`lower(t.name)`;
  return {
    match: pass === 'words' ? sql`t.search @@ ${query}` : sql`${terms.text} <% ${name}`,
    score: sql`round((
        (case when ${name} = ${terms.text} then 1 else 0 end)
      + (case when ${name} like ${terms.prefix} then 0.5 else 0 end)
      + (case when t.search @@ ${query} then 0.5 else 0 end)
      + 0.5 * word_similarity(${terms.text}, ${name})
      + 0.5 * similarity(${terms.text}, ${name}))::numeric, 4)::float8`,
  };
}

/*
 * One statement per kind, each with that kind's own visibility rule (not in the trash, owner in the
 * actor's record scope), mirroring the customers, contacts and opportunities policies written while
 * those modules were being built; RLS keeps every statement inside the organization.
 */
const BRANCHES: Record<
  SearchType,
  (actor: Scoped, terms: SearchTerms, limit: number, pass: SearchPass) => SQL
> = {
  customer: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass);
    return sql`select 'customer' as type, t.id, t.name,
        coalesce(t.domains[1], '') as subtitle, ${score} as score
      from customers t
      where t.deleted_at is null and ${inScope(actor, sql`t.owner_id`)} and ${match}
      order by score desc, t.name, t.id limit ${limit}`;
  },
  contact: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass);
    return sql`select 'contact' as type, t.id, t.name,
        coalesce(nullif(t.title, ''), t.emails[1], '') as subtitle, ${score} as score
      from contacts t
      where t.deleted_at is null and ${inScope(actor, sql`t.owner_id`)} and ${match}
      order by score desc, t.name, t.id limit ${limit}`;
  },
  opportunity: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass);
    return sql`select 'opportunity' as type, t.id, t.name,
        coalesce((select c.name from customers c where c.id = t.customer_id), '') as subtitle,
        ${score} as score
      from opportunities t
      where t.deleted_at is null and ${inScope(actor, sql`t.owner_id`)} and ${match}
      order by score desc, t.name, t.id limit ${limit}`;
  },
};

interface SearchInput {
  actor: Scoped;
  terms: SearchTerms;
  types: readonly SearchType[];
  limit: number;
}

/** The statement of a pass (exported for EXPLAIN in benchmarks): the kinds' best matches, by score. */
export function searchStatement(input: SearchInput, pass: SearchPass = 'words'): SQL {
  const branches = input.types.map(
    (type) => sql`(${BRANCHES[type](input.actor, input.terms, input.limit, pass)})`,
  );
  return sql`select * from (${sql.join(branches, sql` union all `)}) found
    order by score desc, name, id limit ${input.limit}`;
}

/**
 * The best `limit` matches across the kinds asked for, best first. Full text answers most searches
 * from its index; only when it finds fewer than `limit` does the slower trigram pass look for names
 * that are near misses, and its finds join the list by the same score.
 */
export async function searchRecords(tx: Tx, input: SearchInput): Promise<SearchRow[]> {
  if (!input.types.length) return [];
  const read = async (pass: SearchPass) =>
    (await queryRows<SearchRow>(tx, searchStatement(input, pass))).map((row) => ({
      ...row,
      score: Number(row.score),
    }));
  const found = await read('words');
  if (found.length >= input.limit) return found;
  const seen = new Set(found.map((row) => `${row.type}:${row.id}`));
  const nearMisses = (await read('typos')).filter((row) => !seen.has(`${row.type}:${row.id}`));
  return [...found, ...nearMisses]
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, input.limit);
}
