/** Each pattern's global, case-blind twin, made once (the lexicon's patterns live as long as the process). */
const twins = new WeakMap<RegExp, RegExp>();

/** `re` as a global, case-insensitive pattern, for `replace` of every match. */
export function globally(re: RegExp): RegExp {
  let twin = twins.get(re);
  if (!twin) {
    twin = new RegExp(re.source, 'gi');
    twins.set(re, twin);
  }
  return twin;
}
