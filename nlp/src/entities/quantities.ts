import type { CompiledLexicon } from '../lexicon/index.js';

export interface NumberSpan {
  start: number;
  end: number;
  value: number;
}

const PERCENT = /\b(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|pct\b)/gi;
const HALF = /\b(?:halfway|half way|half done|half finished|50-50)\b/i;
const NUMBER = /(?<![\d.,$€£%-])\b(\d+(?:\.\d+)?)\b(?![\d:%]|\s?(?:am|pm|st|nd|rd|th)\b)/g;

/** Percentages, for task progress; "halfway" counts as 50. */
export function findPercent(text: string): NumberSpan[] {
  const out: NumberSpan[] = [];
  PERCENT.lastIndex = 0;
  for (let m = PERCENT.exec(text); m; m = PERCENT.exec(text)) {
    const value = Number(m[1]);
    if (value <= 100) out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  const half = HALF.exec(text);
  if (half && out.length === 0) out.push({ start: half.index, end: half.index + half[0].length, value: 50 });
  return out;
}

interface DurationRules {
  phrases: RegExp;
  counted: RegExp;
}

const rulesCache = new WeakMap<CompiledLexicon, DurationRules>();
const alternation = (words: string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[-\s]/g, '[\\s-]'))
    .join('|');

function durationRules(lex: CompiledLexicon): DurationRules {
  const cached = rulesCache.get(lex);
  if (cached) return cached;
  const { numbers, durationUnits, durationPhrases } = lex.source;
  const word = alternation(Object.keys(numbers));
  const unit = alternation(Object.keys(durationUnits));
  const rules: DurationRules = {
    phrases: new RegExp(`\\b(?:${alternation(Object.keys(durationPhrases))})\\b`, 'gi'),
    // A figure may touch its unit ("30m"), a word may not: "this am" is no "a m(inute)".
    counted: new RegExp(
      `\\b(?:(\\d+(?:\\.\\d+)?)\\s?-?|((?:${word})(?:[\\s-](?:${word}))?)[\\s-]+)(${unit})\\b(\\s+and\\s+a\\s+half)?(?:[\\s-]?long)?`,
      'gi',
    ),
  };
  rulesCache.set(lex, rules);
  return rules;
}

/** "forty five" -> 45, "2" -> 2, "a" -> 1. */
function countOf(words: string, lex: CompiledLexicon): number | undefined {
  const n = Number(words);
  if (Number.isFinite(n)) return n;
  let total = 0;
  for (const w of words.toLowerCase().split(/[\s-]+/)) {
    const v = lex.source.numbers[w];
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

const FUTURE_LEAD = /\b(?:in|within|after|every)\s+$/i;

/** How long an interaction took: "30 min call", "hour-long meeting", "for forty five minutes". */
export function findDuration(text: string, lex: CompiledLexicon): NumberSpan[] {
  const out: NumberSpan[] = [];
  const rules = durationRules(lex);
  const later = (i: number): boolean => FUTURE_LEAD.test(text.slice(Math.max(0, i - 8), i));
  rules.phrases.lastIndex = 0;
  for (let m = rules.phrases.exec(text); m; m = rules.phrases.exec(text)) {
    const key = m[0].toLowerCase().replace(/\s+/g, ' ');
    const value = lex.source.durationPhrases[key] ?? lex.source.durationPhrases[key.replace('-', ' ')];
    if (value !== undefined && !later(m.index))
      out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  rules.counted.lastIndex = 0;
  for (let m = rules.counted.exec(text); m; m = rules.counted.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (later(start) || out.some((o) => start < o.end && o.start < end)) continue;
    const count = countOf(m[1] ?? m[2] ?? '', lex);
    const perUnit = lex.source.durationUnits[(m[3] ?? '').toLowerCase()] ?? 1;
    if (count === undefined) continue;
    out.push({ start, end, value: Math.round((count + (m[4] ? 0.5 : 0)) * perUnit) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Plain numbers not already used as dates, amounts, percentages or durations. */
export function findNumbers(text: string, taken: { start: number; end: number }[]): NumberSpan[] {
  const out: NumberSpan[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some((t) => start < t.end && t.start < end)) continue;
    out.push({ start, end, value: Number(m[1]) });
  }
  return out;
}
