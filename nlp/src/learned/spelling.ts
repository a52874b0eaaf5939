/**
 * Spelling correction for the words the parser reads by: a word it has never seen, one typo away from
 * a word of the training corpus (two for long words), is read as that word ("tsks" as "tasks", "rtae"
 * as "rate", "Aprril" as "April"). Words English knows (compromise's lexicon) are left alone, and so is
 * a word two corpus words fit equally well: a guess between two readings is no correction.
 */
import nlp from 'compromise';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allowedTypos, editDistance } from '../entities/fuzzy.js';

interface Vocabulary {
  /** Corpus words by length, each with how often it occurs. */
  byLength: Map<number, Map<string, number>>;
  english: Set<string>;
}

let vocabulary: Vocabulary | undefined;

function load(): Vocabulary {
  const file = fileURLToPath(new URL('../../corpus/train.jsonl', import.meta.url));
  const byLength = new Map<number, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      const bucket = byLength.get(word.length) ?? new Map<string, number>();
      bucket.set(word, (bucket.get(word) ?? 0) + 1);
      byLength.set(word.length, bucket);
    }
  }
  // English words, not names: "cal" is a first name to compromise, and a dropped letter of "call" to us.
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  const english = new Set(
    Object.entries(lexicon)
      .filter(([, tags]) => ![tags].flat().some((tag) => /Name|Place|Country|City|Region/.test(tag)))
      .map(([word]) => word),
  );
  return { byLength, english };
}

/** Most typos a word of this length may carry and still be corrected (one from four letters). */
function typosFor(length: number): number {
  return length < 4 ? 0 : Math.max(1, allowedTypos(length));
}

/**
 * A three-letter word too short for an edit: only a doubled letter typed once ("cal" for "call") is
 * read back, when exactly one corpus word fits.
 */
function undoubled(word: string, byLength: Vocabulary['byLength']): string | undefined {
  const fits = [...word]
    .map((_, at) => word.slice(0, at + 1) + word.slice(at))
    .filter((c) => byLength.get(4)?.has(c));
  return fits.length === 1 ? fits[0] : undefined;
}

/** The corpus word `word` (lower case, letters only) most likely misspells, or undefined. */
export function correctWord(word: string): string | undefined {
  vocabulary ??= load();
  const { byLength, english } = vocabulary;
  if (byLength.get(word.length)?.has(word) || english.has(word)) return undefined;
  if (word.length === 3) return undoubled(word, byLength);
  const max = typosFor(word.length);
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (let length = word.length - max; length <= word.length + max; length++)
    for (const candidate of byLength.get(length)?.keys() ?? []) {
      const distance = editDistance(word, candidate, max);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        tie = false;
      } else if (distance === bestDistance) tie = true;
    }
  return best !== undefined && !tie ? best : undefined;
}
