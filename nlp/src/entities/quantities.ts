import type { CompiledLexicon } from '../lexicon/index.js';

export interface NumberSpan {
  start: number;
  end: number;
  value: number;
}

const PERCENT = /\b(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|pct\b)/gi;
const HALF = /\b(?:halfway|half way|half done|half finished|50-50)\b/i;
const DURATION =
  /\b(?:(?<num>\d+(?:\.\d+)?)\s?-?(?<unit>minutes?|mins?|m|hours?|hrs?|hr|h)|(?<word>an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|forty-five|sixty|ninety|half an?|an? hour and a half)[\s-](?<wunit>minutes?|mins?|hours?|hrs?|hr))\b(?:[\s-]?long)?/gi;
const HOUR_LONG = /\b(?:hour[\s-]long|hour-long|an hour)\b/i;
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

function countWord(word: string, lex: CompiledLexicon): number | undefined {
  const w = word.toLowerCase();
  if (/^half an?$/.test(w)) return 0.5;
  if (/hour and a half/.test(w)) return 1.5;
  if (w === 'an' || w === 'a') return 1;
  if (w === 'forty-five') return 45;
  if (w === 'ninety') return 90;
  const n = Number(w);
  return Number.isFinite(n) ? n : lex.source.numbers[w];
}

/** How long an interaction took: "30 min call", "hour-long meeting", "for 1.5 hours". */
export function findDuration(text: string, lex: CompiledLexicon): NumberSpan[] {
  const out: NumberSpan[] = [];
  DURATION.lastIndex = 0;
  for (let m = DURATION.exec(text); m; m = DURATION.exec(text)) {
    const g = m.groups ?? {};
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    // "in 2 hours" is when something happens, not how long it took.
    if (/\b(?:in|within|after|every)\s+$/i.test(before)) continue;
    const count = countWord(g.num ?? g.word ?? '', lex);
    const unit = (g.unit ?? g.wunit ?? '').toLowerCase();
    if (count === undefined) continue;
    const perUnit = lex.source.durationUnits[unit] ?? (unit.startsWith('h') ? 60 : 1);
    out.push({ start: m.index, end: m.index + m[0].length, value: Math.round(count * perUnit) });
  }
  const hour = HOUR_LONG.exec(text);
  if (out.length === 0 && hour && !/\bin an hour\b/i.test(text)) {
    out.push({ start: hour.index, end: hour.index + hour[0].length, value: 60 });
  }
  return out;
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
