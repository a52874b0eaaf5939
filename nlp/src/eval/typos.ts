/**
 * One typo per message, as a hurried rep makes them: in one word of four letters or more, a letter
 * dropped, doubled, or swapped with the next. Seeded by the message (and `variant`), so every run
 * perturbs alike. The evaluation perturbs the dev and holdout messages with it. (Training on misspelt
 * copies of the corpus was tried: the spelling correction does that job better, and the copies taught
 * the classifier to see commands in out-of-scope lines.)
 */
export function withTypo(text: string, variant = 0): string {
  let seed = variant;
  for (let index = 0; index < text.length; index++)
    seed = (Math.imul(seed, 31) + text.charCodeAt(index)) >>> 0;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  // Words of the message, not the parser's mask tokens (xcust, xdate...).
  const words = [...text.matchAll(/[A-Za-z]{4,}/g)].filter(
    (match) => !/^x(?:cust|pers|opp|usr|money|date|pastdate|pct|stage)$/.test(match[0]),
  );
  if (words.length === 0) return text;
  const word = words[Math.floor(random() * words.length)]!;
  const letters = word[0];
  const at = 1 + Math.floor(random() * (letters.length - 2));
  const kind = Math.floor(random() * 3);
  const changed =
    kind === 0
      ? letters.slice(0, at) + letters.slice(at + 1)
      : kind === 1
        ? letters.slice(0, at) + letters[at] + letters.slice(at)
        : letters.slice(0, at) + letters[at + 1] + letters[at] + letters.slice(at + 2);
  return text.slice(0, word.index) + changed + text.slice(word.index + letters.length);
}
