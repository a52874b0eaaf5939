/**
 * What the learned intent classifier sees of a clause: its words, word pairs and the letter groups
 * inside each word (so "cal", "calld" and "called" share most of theirs), hashed into a fixed space.
 * The clause is the masked one the rules see: names, dates and amounts are already tokens (`xcust`,
 * `xdate`, `xmoney`), so a model learns "called xpers at xcust", not "called Jane at Acme".
 */

/** Hashed feature space: 2^17 slots keep collisions rare for a vocabulary of a few thousand n-grams. */
export const DIMENSIONS = 1 << 17;

function hash(text: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) & (DIMENSIONS - 1);
}

const MASKS = /^x(?:cust|pers|opp|usr|money|date|pastdate|pct|stage)$/;

/** The words of a masked clause: letters, digits, apostrophes and the emoji that carry meaning. */
export function wordsOf(masked: string): string[] {
  return masked.toLowerCase().match(/[\p{L}\p{N}']+|[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]/gu) ?? [];
}

/** The feature slots of a masked clause, without repeats. */
export function featuresOf(masked: string): number[] {
  const words = wordsOf(masked);
  const slots = new Set<number>();
  slots.add(hash('<bias>', 0));
  words.forEach((word, index) => {
    slots.add(hash(word, 1));
    if (index === 0) slots.add(hash(word, 7));
    const next = words[index + 1];
    if (next !== undefined) slots.add(hash(`${word} ${next}`, 2));
    if (MASKS.test(word)) return;
    const padded = `<${word}>`;
    for (let n = 3; n <= 4; n++)
      for (let start = 0; start + n <= padded.length; start++)
        slots.add(hash(padded.slice(start, start + n), n));
  });
  return [...slots];
}
