/**
 * Text that remembers, for every character, which range of the original message it came from, so
 * command spans can point into what the user actually wrote after markup and shorthand are rewritten.
 */
export interface MappedText {
  text: string;
  /** Original start offset of each character. */
  starts: number[];
  /** Original end offset (exclusive) of each character. */
  ends: number[];
}

/** Wrap an original string: every character maps to itself. */
export function identity(text: string): MappedText {
  const starts = Array.from({ length: text.length }, (_, i) => i);
  return { text, starts, ends: starts.map((i) => i + 1) };
}

/**
 * Replace every match of a global regex; `replace` returns the new text for a match, or null to keep it.
 * Replacement characters all map to the whole original range of the match.
 */
export function rewrite(
  input: MappedText,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string | null,
): MappedText {
  const out: MappedText = { text: '', starts: [], ends: [] };
  let last = 0;
  const copy = (from: number, to: number): void => {
    out.text += input.text.slice(from, to);
    out.starts.push(...input.starts.slice(from, to));
    out.ends.push(...input.ends.slice(from, to));
  };
  pattern.lastIndex = 0;
  for (let m = pattern.exec(input.text); m; m = pattern.exec(input.text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const replacement = replace(m);
    if (replacement === null) continue;
    copy(last, m.index);
    const end = m.index + m[0].length;
    const origStart = input.starts[m.index] ?? 0;
    const origEnd = input.ends[end - 1] ?? origStart;
    out.text += replacement;
    for (let i = 0; i < replacement.length; i++) {
      out.starts.push(origStart);
      out.ends.push(origEnd);
    }
    last = end;
  }
  copy(last, input.text.length);
  return out;
}

/** Original [start, end) of the normalized range [start, end). */
export function originalSpan(mapped: MappedText, start: number, end: number): [number, number] {
  if (mapped.text.length === 0) return [0, 0];
  const s = Math.min(Math.max(start, 0), mapped.text.length - 1);
  const e = Math.min(Math.max(end, s + 1), mapped.text.length);
  return [mapped.starts[s] ?? 0, mapped.ends[e - 1] ?? 0];
}
