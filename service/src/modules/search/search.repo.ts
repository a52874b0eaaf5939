import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere as contactVisibleWhere } from '../contacts/contacts.policy.js';
import { contacts } from '../contacts/contacts.tables.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { visibleWhere as opportunityVisibleWhere } from '../opportunities/opportunities.policy.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { visibleWhere as taskVisibleWhere } from '../tasks/tasks.policy.js';
import { tasks } from '../tasks/tasks.tables.js';
import type { SearchType } from './search.schema.js';

type Scoped = Actor;

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

/**
 * How a pass finds candidates: `words` by full text on the `search` vector (every word as a prefix),
 * `typos` by trigram word similarity of the name, which forgives a typo ("globx" -> Globex).
 */
export type SearchPass = 'words' | 'typos';

/** The columns a pass reads of one kind of record. */
interface Searchable {
  search: SQL | AnyColumn;
  name: SQL | AnyColumn;
}

/**
 * The match and rank of one kind of record in a pass. The rank adds an exact name, a name starting
 * with the words, a full-text hit and both similarities, the same in both passes.
 */
function matchAndScore(terms: SearchTerms, pass: SearchPass, columns: Searchable) {
  const query = sql`to_tsquery('simple', ${terms.tsQuery})`;
  const name = sql`lower(${columns.name})`;
  return {
    match: pass === 'words' ? sql`${columns.search} @@ ${query}` : sql`${terms.text} <% ${name}`,
    score: sql`round((
        (case when ${name} = ${terms.text} then 1 else 0 end)
      + (case when ${name} like ${terms.prefix} then 0.5 else 0 end)
      + (case when ${columns.search} @@ ${query} then 0.5 else 0 end)
      + 0.5 * word_similarity(${terms.text}, ${name})
      + 0.5 * similarity(${terms.text}, ${name}))::numeric, 4)::float8`,
  };
}

/*
 * One statement per kind, each with that kind's own `visibleWhere` (the one its routes use), so search
 * shows exactly what the caller could open; RLS keeps every statement inside the organization.
 */
const BRANCHES: Record<
  SearchType,
  (actor: Scoped, terms: SearchTerms, limit: number, pass: SearchPass) => SQL
> = {
  customer: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass, customers);
    return sql`select 'customer' as type, ${customers.id} as id, ${customers.name} as name,
        coalesce(${customers.domains}[1], '') as subtitle, ${score} as score
      from ${customers}
      where ${customerVisibleWhere(actor) ?? sql`true`} and ${match}
      order by score desc, name, id limit ${limit}`;
  },
  contact: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass, contacts);
    return sql`select 'contact' as type, ${contacts.id} as id, ${contacts.name} as name,
        coalesce(nullif(${contacts.title}, ''), ${contacts.emails}[1], '') as subtitle, ${score} as score
      from ${contacts}
      where ${contactVisibleWhere(actor) ?? sql`true`} and ${match}
      order by score desc, name, id limit ${limit}`;
  },
  opportunity: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass, opportunities);
    return sql`select 'opportunity' as type, ${opportunities.id} as id, ${opportunities.name} as name,
        coalesce((select c.name from customers c where c.id = ${opportunities.customerId}), '') as subtitle,
        ${score} as score
      from ${opportunities}
      where ${opportunityVisibleWhere(actor) ?? sql`true`} and ${match}
      order by score desc, name, id limit ${limit}`;
  },
  // Private tasks only for those who may see them: the tasks module's own rule, as its list uses.
  task: (actor, terms, limit, pass) => {
    const { match, score } = matchAndScore(terms, pass, { search: tasks.search, name: tasks.title });
    return sql`select 'task' as type, ${tasks.id} as id, ${tasks.title} as name,
        ${tasks.status} as subtitle, ${score} as score
      from ${tasks}
      where ${taskVisibleWhere(actor) ?? sql`true`} and ${match}
      order by score desc, name, id limit ${limit}`;
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
