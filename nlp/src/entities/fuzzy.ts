// Read once: a global looked up in a hot loop is slow where code runs in a vm context (jest).
const { abs, min } = Math;

/** Lower-case, drop punctuation and possessives, collapse spaces: the form names are compared in. */
export function foldName(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2019]s\b/g, '')
    .replace(/[^\p{L}\p{N}\s&]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving up early once the
 * distance must exceed `max`; returns max + 1 then.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      rowMin = min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** How many typos a name of this length may carry and still match. */
export function allowedTypos(length: number): number {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}
