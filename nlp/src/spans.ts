import type { ResolvedContext } from './context.js';
import { findDates, type DateSpan } from './entities/dates.js';
import { findKnownNames, type NameKind, type NameMatch } from './entities/known.js';
import { findMoney, type MoneySpan } from './entities/money.js';
import { findDuration, findPercent, type NumberSpan } from './entities/quantities.js';
import { findTaggedNames } from './entities/tagged.js';
import type { CompiledLexicon } from './lexicon/index.js';
import type { NormalizedMessage } from './text/normalize.js';

/** Everything found in a message before deciding what it asks for. */
export interface MessageSpans {
  names: NameMatch[];
  dates: DateSpan[];
  money: MoneySpan[];
  percents: NumberSpan[];
  durations: NumberSpan[];
  /** Tenant stage names our lexicon does not know ("Demo Scheduled"), masked so stage cues still fire. */
  stages: Range[];
}

interface Range {
  start: number;
  end: number;
}

const MENTION = /@mention(\d+)\b/g;
const HANDLE = /(?<![\w.])@([a-z][\w.-]{1,30})/gi;

const overlaps = (a: Range, list: Range[]): boolean => list.some((b) => a.start < b.end && b.start < a.end);

function mentionsAndHandles(msg: NormalizedMessage, known: NameMatch[]): NameMatch[] {
  const out: NameMatch[] = [];
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(msg.text); m; m = MENTION.exec(msg.text)) {
    const mention = msg.mentions[Number(m[1])];
    if (!mention) continue;
    const base = { kind: 'user' as const, name: mention.name, score: 1 };
    const candidate = mention.userId === undefined ? base : { ...base, id: mention.userId };
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      candidates: [candidate],
      known: true,
    });
  }
  HANDLE.lastIndex = 0;
  for (let m = HANDLE.exec(msg.text); m; m = HANDLE.exec(msg.text)) {
    if (/^mention\d+$/.test(m[1] ?? '')) continue;
    const range = { start: m.index, end: m.index + m[0].length };
    const hit = known.find((k) => k.start === range.start + 1);
    if (hit) {
      hit.start = range.start;
      hit.candidates = hit.candidates.filter((c) => c.kind === 'user');
      continue;
    }
    out.push({
      ...range,
      text: m[0],
      known: false,
      candidates: [{ kind: 'user', name: m[1] ?? '', score: 0.7 }],
    });
  }
  return out;
}

/** Find names, dates, amounts, percentages and durations, dropping lower-priority overlaps. */
export function findSpans(msg: NormalizedMessage, ctx: ResolvedContext, lex: CompiledLexicon): MessageSpans {
  const text = msg.text;
  const money = findMoney(text, ctx.currency, lex);
  const known = findKnownNames(text, ctx, lex).filter((n) => !overlaps(n, money));
  const marked = mentionsAndHandles(msg, known);
  const knownNames = known.filter((n) => !overlaps(n, marked)).concat(marked);
  const allDates = findDates(text, ctx, lex);
  // "15 min before my 3pm": a duration that moves a time back is part of the date, not a meeting's length.
  const offsets = allDates.filter((d) => d.offset);
  const durations = findDuration(text, lex).filter(
    (d) => !overlaps(d, [...money, ...knownNames, ...offsets]),
  );
  const dates = allDates.filter((d) => !overlaps(d, [...money, ...knownNames, ...durations]));
  const tagged = findTaggedNames(text, knownNames, lex).filter((n) => !overlaps(n, [...money, ...dates]));
  // Names from `known` come first so they win over tagged guesses when both fit a slot.
  const names = [...knownNames.sort((a, b) => a.start - b.start), ...tagged];
  for (const name of names)
    if (lex.userCue.test(text.slice(Math.max(0, name.start - 40), name.start))) name.afterUserCue = true;
  const taken = [...money, ...dates];
  const percents = findPercent(text).filter((p) => !overlaps(p, taken));
  const stages = findTenantStages(text, ctx, lex).filter((s) => !overlaps(s, [...taken, ...names]));
  return { names, dates, money, durations, percents, stages };
}

const stageCache = new WeakMap<string[], RegExp | null>();

function findTenantStages(text: string, ctx: ResolvedContext, lex: CompiledLexicon): Range[] {
  if (ctx.stages.length === 0) return [];
  let re = stageCache.get(ctx.stages);
  if (re === undefined) {
    const own = ctx.stages.filter((s) => !lex.stageNames.some((d) => d.re.test(s.trim())));
    const alternatives = own.map((s) =>
      s
        .trim()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\s+/g, '[\\s-]+'),
    );
    re = alternatives.length > 0 ? new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi') : null;
    stageCache.set(ctx.stages, re);
  }
  if (!re) return [];
  const out: Range[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Which kind of name a match most likely is, from its candidates and the words before it. */
export function nameKind(match: NameMatch, text: string): NameKind {
  const kinds = new Set(match.candidates.map((c) => c.kind));
  const first = match.candidates[0]?.kind ?? 'contact';
  if (kinds.size === 1) return first;
  if (text[match.start] === '@' && kinds.has('user')) return 'user';
  if (kinds.has('customer')) return 'customer';
  if (kinds.has('opportunity')) return 'opportunity';
  if (kinds.has('user') && match.afterUserCue) return 'user';
  return kinds.has('contact') ? 'contact' : first;
}

const MASK: Record<NameKind, string> = {
  customer: 'xcust',
  contact: 'xpers',
  user: 'xusr',
  opportunity: 'xopp',
};

/** The lower-cased text of a range with every span replaced by its placeholder, for intent patterns. */
export function maskRange(text: string, spans: MessageSpans, range: Range): string {
  const marks: (Range & { token: string })[] = [
    ...spans.names.map((n) => ({ start: n.start, end: n.end, token: MASK[nameKind(n, text)] })),
    ...spans.dates.map((d) => ({ start: d.start, end: d.end, token: d.past ? 'xpastdate' : 'xdate' })),
    ...spans.money.map((m) => ({ start: m.start, end: m.end, token: 'xmoney' })),
    ...spans.percents.map((p) => ({ start: p.start, end: p.end, token: 'xpct' })),
    ...spans.stages.map((s) => ({ start: s.start, end: s.end, token: 'xstage' })),
  ]
    .filter((m) => m.start >= range.start && m.end <= range.end)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = range.start;
  for (const m of marks) {
    if (m.start < at) continue;
    out += text.slice(at, m.start) + m.token;
    at = m.end;
  }
  out += text.slice(at, range.end);
  // ("what's sam working on? + anything blocked on his list": the plus joins the clause, it says nothing.)
  return out
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[+&] (?=\p{L})/u, '');
}

/**
 * Whether the colleague at `start..end` is one a task is only shared with ("share with raj", "lena and chris
 * should be able to see it"), read from `before` characters before the name and `after` after it, with the name
 * as `xusr` (a mention leaves two spaces around it, which the lexicon's patterns do not spell).
 */
export function onlySharedWith(
  text: string,
  at: { start: number; end: number },
  lex: CompiledLexicon,
  reach: { before: number; after: number },
): boolean {
  const around = `${text.slice(Math.max(0, at.start - reach.before), at.start)}xusr${text.slice(at.end, at.end + reach.after)}`;
  return lex.enablesColleague.test(around.replace(/\s+/g, ' '));
}
