import { parseRegExpLiteral } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

/**
 * Which of many patterns can match a text, without trying each one: the parser tests every clause
 * against hundreds of lexicon patterns, and nearly all of them fail. Each pattern is read once for the
 * words any match of it must contain (`requiredLiterals`); an index from three-letter pieces of those
 * words to the patterns picks the few worth trying (`PatternIndex`). The index only ever skips a pattern
 * that cannot match: every match contains one of its literals, and so one of the pieces indexed for it.
 */

/** What one part of a pattern can match: every string exactly (when few), or strings one of which any match contains. */
interface Reading {
  /** Every string the part can match, lower-cased, when they are few; undefined when they are not. */
  exact?: string[];
  /** Strings one of which every match contains; undefined when nothing is required. */
  factor?: string[];
}

/** More exact strings than this and a part is read by what it requires instead. */
const MAX_EXACT = 64;
/** A character class of at most this many characters is read as its characters. */
const MAX_CLASS = 8;
/** Pieces of this many characters key the index. */
const GRAM = 3;

const NOTHING: Reading = {};
const EMPTY: Reading = { exact: [''] };

const unique = (strings: string[]): string[] => [...new Set(strings)];

function cross(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > MAX_EXACT) return undefined;
  return unique(a.flatMap((x) => b.map((y) => x + y)));
}

/** How good a set of required strings is: its shortest string, then fewer strings. */
function worth(factor: string[] | undefined): number {
  if (!factor || factor.length === 0) return 0;
  const shortest = Math.min(...factor.map((s) => s.length));
  return shortest === 0 ? 0 : shortest * 1000 - factor.length;
}

const better = (a: string[] | undefined, b: string[] | undefined): string[] | undefined =>
  worth(b) > worth(a) ? b : a;

/** What a part requires of any match, read as a factor. */
const required = (r: Reading): string[] | undefined => better(r.factor, r.exact);

function characters(node: AST.CharacterClass): string[] | undefined {
  if (node.negate) return undefined;
  const out: string[] = [];
  for (const element of node.elements) {
    if (element.type === 'Character') out.push(String.fromCodePoint(element.value));
    else if (element.type === 'CharacterClassRange' && element.max.value - element.min.value < MAX_CLASS)
      for (let c = element.min.value; c <= element.max.value; c++) out.push(String.fromCodePoint(c));
    else return undefined;
    if (out.length > MAX_CLASS) return undefined;
  }
  return unique(out.map((c) => c.toLowerCase()));
}

function readAlternatives(alternatives: AST.Alternative[]): Reading {
  const readings = alternatives.map(readSequence);
  let exact: string[] | undefined = [];
  for (const r of readings) exact = exact && r.exact ? unique([...exact, ...r.exact]) : undefined;
  if (exact && exact.length > MAX_EXACT) exact = undefined;
  // Any match is a match of one alternative: it contains what that alternative requires.
  let factor: string[] | undefined = [];
  for (const r of readings) {
    const need = required(r);
    factor = factor && worth(need) > 0 && need ? [...factor, ...need] : undefined;
  }
  return { ...(exact && { exact }), ...(factor && { factor: unique(factor) }) };
}

function readSequence(alternative: AST.Alternative): Reading {
  // Runs of parts read exactly join into longer strings; the best thing any part requires is the factor.
  let run: string[] = [''];
  let whole: string[] | undefined = [''];
  let factor: string[] | undefined;
  for (const element of alternative.elements) {
    const r = readElement(element);
    whole = whole && r.exact ? cross(whole, r.exact) : undefined;
    const joined = r.exact ? cross(run, r.exact) : undefined;
    if (joined) run = joined;
    else {
      factor = better(factor, run);
      factor = better(factor, r.factor);
      // A part too varied to join with the run before it starts the next run.
      run = r.exact && r.exact.length <= MAX_EXACT ? r.exact : [''];
    }
  }
  factor = better(factor, run);
  return { ...(whole && { exact: whole }), ...(factor && worth(factor) > 0 && { factor }) };
}

function readElement(node: AST.Element): Reading {
  switch (node.type) {
    case 'Character':
      return { exact: [String.fromCodePoint(node.value).toLowerCase()] };
    case 'CharacterClass': {
      const chars = characters(node);
      return chars ? { exact: chars } : NOTHING;
    }
    case 'Group':
    case 'CapturingGroup':
      return readAlternatives(node.alternatives);
    case 'Quantifier': {
      const inner = readElement(node.element);
      if (node.min === 1 && node.max === 1) return inner;
      if (node.min === 0) {
        // "x?" is nothing or x; anything more may be nothing at all.
        if (node.max === 1 && inner.exact) return { exact: unique(['', ...inner.exact]) };
        return node.max === 0 ? EMPTY : NOTHING;
      }
      // Once or more: a match holds at least one match of the part.
      const need = required(inner);
      return need && worth(need) > 0 ? { factor: need } : NOTHING;
    }
    case 'Assertion':
      // Zero-width: it adds no characters to a match.
      return EMPTY;
    default:
      return NOTHING;
  }
}

/**
 * Strings, lower-cased, one of which every match of `re` contains; undefined when the pattern requires
 * none that can be told (then it must always be tried). Only the `i` flag is understood.
 */
export function requiredLiterals(re: RegExp): string[] | undefined {
  if (/[^igd]/.test(re.flags)) return undefined;
  const literal = parseRegExpLiteral(re);
  const need = required(readAlternatives(literal.pattern.alternatives));
  return need && worth(need) > 0 ? need : undefined;
}

/** The three-letter piece of `text` at `i` as a number (three UTF-16 units fit a double exactly). */
const gramAt = (text: string, i: number): number =>
  (text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1)) * 0x10000 + text.charCodeAt(i + 2);

/** The three-letter pieces of a string. */
function grams(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + GRAM <= text.length; i++) out.push(gramAt(text, i));
  return out;
}

/**
 * Patterns indexed by what they require, to find the ones a text matches in their order while trying
 * only those whose required words the text could hold.
 */
export class PatternIndex<T extends { re: RegExp }> {
  private readonly byGram = new Map<number, number[]>();
  /** Patterns that require nothing the index can key: tried on every text. */
  private readonly always: boolean[];
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(readonly patterns: readonly T[]) {
    this.always = patterns.map(() => true);
    this.seen = new Uint32Array(patterns.length);
    const literals = patterns.map((p) => requiredLiterals(p.re));
    // How often each piece keys a pattern: each literal is indexed by its least common piece.
    const count = new Map<number, number>();
    for (const need of literals)
      for (const s of need ?? []) for (const g of grams(s)) count.set(g, (count.get(g) ?? 0) + 1);
    literals.forEach((need, id) => {
      if (!need || need.some((s) => s.length < GRAM)) return;
      this.always[id] = false;
      for (const s of need) {
        const key = grams(s).reduce((a, b) => ((count.get(b) ?? 0) < (count.get(a) ?? 0) ? b : a));
        const ids = this.byGram.get(key) ?? [];
        if (ids[ids.length - 1] !== id) ids.push(id);
        this.byGram.set(key, ids);
      }
    });
  }

  /** How many patterns are tried on every text (for tests and benchmarks). */
  get unindexed(): number {
    return this.always.filter(Boolean).length;
  }

  /** The patterns `text` matches, in their order. */
  matching(text: string): T[] {
    // (A stamp per call marks the patterns a piece keyed, with no array to clear between calls.)
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const lower = text.toLowerCase();
    for (let i = 0; i + GRAM <= lower.length; i++) {
      const ids = this.byGram.get(gramAt(lower, i));
      if (ids) for (const id of ids) this.seen[id] = stamp;
    }
    const out: T[] = [];
    for (let id = 0; id < this.patterns.length; id++) {
      if (!this.always[id] && this.seen[id] !== stamp) continue;
      const pattern = this.patterns[id]!;
      if (pattern.re.test(text)) out.push(pattern);
    }
    return out;
  }
}
