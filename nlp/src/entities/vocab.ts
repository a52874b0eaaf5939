/** The key whose pattern matches earliest in the text (ties go to the earlier entry). */
export function earliest<K>(entries: [K, RegExp][], text: string): K | undefined {
  let best: { key: K; index: number } | undefined;
  for (const [key, re] of entries) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.index)) best = { key, index: m.index };
  }
  return best?.key;
}

/** The first key, in the entries' order, whose pattern matches anywhere. */
export function firstListed<K>(entries: [K, RegExp][], text: string): K | undefined {
  for (const [key, re] of entries) if (re.test(text)) return key;
  return undefined;
}
