import type { ResolvedContext } from '../context.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import type { Intent } from '../types.js';
import { foldName } from './fuzzy.js';

export interface StageFound {
  value: string;
  alternatives: string[];
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tenantCache = new WeakMap<string[], RegExp>();

function tenantPattern(stages: string[]): RegExp {
  let re = tenantCache.get(stages);
  if (!re) {
    const names = [...stages]
      .sort((a, b) => b.length - a.length)
      .map((s) => esc(foldName(s)).replace(/ /g, '[\\s-]+'));
    re = new RegExp(
      `\\b(?:to|into|in|at|stage(?: is)?|now|is|status)\\s+(?:the\\s+)?(${names.join('|')})\\b|\\b(${names.join('|')})\\s+stage\\b`,
      'i',
    );
    tenantCache.set(stages, re);
  }
  return re;
}

/**
 * Map one of our stage names onto the tenant's stage list: by its own name ("Won" -> "Closed Won"), then by
 * any of its synonyms ("Qualified" -> "Qualification", "Proposal" -> "Proposal/Price Quote").
 */
function toTenant(canonical: string, stages: string[], lex: CompiledLexicon): StageFound {
  if (stages.length === 0) return { value: canonical, alternatives: [] };
  const c = foldName(canonical);
  const words = (s: string): string[] => foldName(s).split(/[^a-z0-9]+/);
  const synonym = lex.stageNames.find((s) => s.canonical === canonical)?.re;
  const fits = [
    stages.filter((s) => foldName(s) === c),
    stages.filter((s) => words(s).includes(c)),
    synonym ? stages.filter((s) => synonym.test(foldName(s)) || words(s).some((w) => synonym.test(w))) : [],
  ].find((found) => found.length > 0);
  const [first, ...rest] = fits ?? [];
  return first ? { value: first, alternatives: rest } : { value: canonical, alternatives: [] };
}

function canonicalOf(word: string, lex: CompiledLexicon): string | undefined {
  return lex.stageNames.find((s) => s.re.test(word.trim()))?.canonical;
}

/** The pipeline stage a deal message names, by the tenant's stage names or common synonyms. */
export function findStage(
  text: string,
  masked: string,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  intent: Intent,
): StageFound | undefined {
  if (ctx.stages.length > 0) {
    const m = tenantPattern(ctx.stages).exec(foldName(text));
    const named = m?.[1] ?? m?.[2];
    if (named) {
      const hit = ctx.stages.find((s) => foldName(s) === named.replace(/[\s-]+/g, ' '));
      if (hit) return { value: hit, alternatives: [] };
    }
  }
  const cue = lex.stageCue.exec(text);
  const cued = cue?.[1] ?? cue?.[2];
  const fromCue = cued ? canonicalOf(cued, lex) : undefined;
  if (fromCue) return toTenant(fromCue, ctx.stages, lex);
  // A question about one deal names no stage by its verb: "did we close Acme?" asks about it.
  const verb = intent === 'query_opportunity' ? undefined : lex.stageVerbs.find((s) => s.re.test(masked));
  if (verb) return toTenant(verb.canonical, ctx.stages, lex);
  // "new opp hooli 20k, qualified", "Globex - negotiation": in a deal command a bare stage name is its
  // stage; a new deal opens in an open one.
  const bare = BARE_STAGE[intent]
    ? lex.stageBare.exec(text)?.[1]
    : intent === 'query_pipeline'
      ? lex.stageListed.exec(text)?.[1]
      : undefined;
  const canonical = bare && canonicalOf(bare, lex);
  return canonical && (BARE_STAGE[intent] !== 'open' || !CLOSED.has(canonical))
    ? toTenant(canonical, ctx.stages, lex)
    : undefined;
}

/** Deal commands in which a stage name alone names the stage: a new deal opens in an open one. */
const BARE_STAGE: Partial<Record<Intent, 'open' | 'any'>> = {
  create_opportunity: 'open',
  update_opportunity: 'any',
};

/** Stages a deal ends in, which a new deal does not open in. */
const CLOSED = new Set(['Won', 'Lost']);
