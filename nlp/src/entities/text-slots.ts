import type { CompiledLexicon } from '../lexicon/index.js';
import { globally } from '../text/regex.js';

interface Range {
  start: number;
  end: number;
}

const DANGLING =
  /(?:\s+\b(?:by|on|at|before|due|until|till|for|from|in|to|and|with|of|the|a|an|this|next|around|no later than|starting|re|about|is|are|was)\b)+\s*$/i;
const DATE_LEAD =
  /(?:(?<![\w-])(?:by|on|at|before|due|until|till|for|from|this|next|around|no later than|starting)\s+)+$/i;

function cutSpans(text: string, range: Range, cuts: Range[]): string {
  let out = '';
  let at = range.start;
  for (const c of [...cuts].sort((a, b) => a.start - b.start)) {
    if (c.end <= range.start || c.start >= range.end || c.start < at) continue;
    const before = text.slice(at, c.start).replace(DATE_LEAD, '');
    out += `${before} `;
    at = c.end;
  }
  return out + text.slice(at, range.end);
}

function tidy(s: string): string {
  return (
    s
      .replace(/(^|\s)['\u2019]s\b/g, '$1')
      // Brackets emptied of the details they held ("todo (p3): ...").
      .replace(/[([{][\s,;:.-]*[)\]}]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/\s+([,.;:!?])/g, '$1')
      .replace(/^(?:[\s,.;:!?&+/|→>=~-]|#(?!\w))+|[\s,.;:!?~→>=|+&@#-]+$/g, '')
  );
}

function stripPhrases(text: string, patterns: RegExp[]): string {
  let out = text;
  for (const re of patterns) out = out.replace(globally(re), ' ');
  return out;
}

/** What a task or reminder is about: the clause without its command words, dates and flags. */
export function extractTitle(input: {
  text: string;
  range: Range;
  cuts: Range[];
  flags: RegExp[];
  /** True when the title names an existing task ("push the Acme proposal task"), not a new one. */
  reference: boolean;
  lex: CompiledLexicon;
}): string | undefined {
  const { lex } = input;
  let t = cutSpans(input.text, input.range, input.cuts).replace(/@mention\d+/g, 'xusr');
  for (let pass = 0; pass < 4; pass++) {
    const before = t;
    t = tidy(t).replace(lex.titleLead, '').replace(lex.titleTail, '');
    t = stripPhrases(t, input.flags).replace(lex.emptiedBracket, ' ');
    if (input.reference) t = tidy(t).replace(lex.taskRefLead, '').replace(lex.taskRefTail, '');
    t = tidy(t).replace(DANGLING, '');
    if (t === before) break;
  }
  t = t.replace(/\bxusr\b/g, '').replace(/\s+/g, ' ');
  // "the NDA task is blocked pending review" names the task before the word "task".
  const taskWord = input.reference ? /\s(?:task|todo|to do item)\b/i.exec(t) : null;
  if (taskWord && taskWord.index > 1) t = t.slice(0, taskWord.index);
  t = tidy(t);
  return t.length >= 2 && /\p{L}/u.test(t) ? t : undefined;
}

/** The topic of an interaction when the text names one ("re pricing", "to discuss the renewal"). */
export function extractSummary(input: {
  text: string;
  range: Range;
  cuts: Range[];
  flags: RegExp[];
  lex: CompiledLexicon;
  /** Whether the interaction is a note, whose whole text after its lead is the summary. */
  note: boolean;
}): string | undefined {
  const body = input.text.slice(input.range.start, input.range.end);
  const note = input.note ? input.lex.noteLead.exec(body) : null;
  const cue = note ?? input.lex.summaryCue.exec(body);
  if (!cue) return undefined;
  const from = input.range.start + cue.index + cue[0].length;
  const rest = input.text.slice(from, input.range.end);
  const stop = note
    ? rest.length
    : rest.search(/[,;.!?)](?:\s|$)|\n|\s(?:and|but|then|they|she|he|we)\s|\s-\s/);
  const end = from + (stop < 0 ? rest.length : stop);
  const cleaned = tidy(stripPhrases(cutSpans(input.text, { start: from, end }, input.cuts), input.flags));
  const s = tidy(cleaned.replace(DANGLING, ''));
  return s.length >= 2 ? s : undefined;
}
