import * as chrono from 'chrono-node';
import type { ResolvedContext } from '../context.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import { addDays, type LocalDate } from '../time/calendar.js';
import { offsetMinutes, toLocal } from '../time/zone.js';
import { customDates, type DateSpan } from './date-rules.js';

export type { DateSpan } from './date-rules.js';

const BARE_NUMBER = /^(?:at\s+)?\d{1,2}(?:[.:]\d{2})?$/;

function todayOf(ctx: ResolvedContext): LocalDate {
  const now = toLocal(ctx.nowMs, ctx.timezone);
  return { y: now.y, m: now.m, d: now.d };
}

function overlapsAny(s: number, e: number, spans: DateSpan[]): boolean {
  return spans.some((x) => s < x.end && x.start < e);
}

const monthColons = new WeakMap<CompiledLexicon, RegExp>();

/** A colon right after a month's name or a period ("March: 12 deals", "this month: 15 demos"). */
function monthColon(lex: CompiledLexicon): RegExp {
  let re = monthColons.get(lex);
  if (!re) {
    const { monthPrefixes, periodNouns } = lex.source.dates;
    re = new RegExp(`(?<=\\b(?:(?:${monthPrefixes.join('|')})[a-z]*|${periodNouns})):(?=\\s)`, 'gi');
    monthColons.set(lex, re);
  }
  return re;
}

function chronoDates(
  text: string,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  taken: DateSpan[],
): DateSpan[] {
  const reference = { instant: new Date(ctx.nowMs), timezone: offsetMinutes(ctx.nowMs, ctx.timezone) };
  const out: DateSpan[] = [];
  const notDates = new RegExp(lex.source.dates.notDates, 'i');
  // "goal for March: 12 deals" is a month and then a figure: a colon after a word ends the date.
  // "due monday now": "now" says the change is new; chrono would read "monday now" as this very minute.
  // "good morning" greets; it names no time (its words are blanked, so every offset stays).
  const read = text
    .replace(monthColon(lex), ';')
    .replace(pattern(lex.source.dates.notAfterDate, 'g'), ';')
    .replace(pattern(lex.source.dates.greeting, 'g'), (greeting) => ';'.padEnd(greeting.length));
  for (const r of chrono.parse(read, reference, { forwardDate: true })) {
    const start = r.index;
    const phrase = r.text.replace(/[\s,.;:!?]+$/, '');
    const end = r.index + phrase.length;
    if (notDates.test(phrase) || BARE_NUMBER.test(phrase) || overlapsAny(start, end, taken)) continue;
    // "15 min before (my 3pm)" is an offset of the time after it, not 15 minutes before now.
    if (pattern(lex.source.dates.offsetBefore).test(`${phrase} `)) continue;
    // "3 days" alone, or "at 5" after a money figure, are not dates in sales chat.
    const partOfToday = lex.dateWords.partOfToday.test(phrase);
    if (
      !r.start.isCertain('day') &&
      !r.start.isCertain('weekday') &&
      !r.start.isCertain('hour') &&
      !partOfToday
    )
      continue;
    const c = lex.dateWords.past.test(phrase)
      ? (chrono.parse(phrase, reference)[0]?.start ?? r.start)
      : r.start;
    const hasTime = c.isCertain('hour');
    let local = { y: c.get('year') ?? 0, m: c.get('month') ?? 1, d: c.get('day') ?? 1 };
    // "this morning" after the morning is still today, not tomorrow morning.
    if (lex.dateWords.today.test(phrase) && !c.isCertain('day')) local = todayOf(ctx);
    let hour = c.get('hour') ?? 0;
    // "at 4" in a work chat means 4 pm: bare hours before 8 without am/pm move to the afternoon.
    if (hasTime && !c.isCertain('meridiem') && hour >= 1 && hour < 8) {
      hour += 12;
      if (!c.isCertain('day') && !c.isCertain('weekday')) local = todayOf(ctx);
    }
    out.push({
      start,
      end,
      text: phrase,
      date: local,
      ...(hasTime ? { time: { h: hour, mi: c.get('minute') ?? 0 } } : {}),
      weekdayOnly: lex.dateWords.weekdayOnly.test(phrase),
      explicitFuture: lex.dateWords.future.test(phrase),
      past: false,
    });
  }
  return out;
}

function markPast(spans: DateSpan[], text: string, lex: CompiledLexicon, today: LocalDate): void {
  const pastCue = new RegExp(lex.source.dates.pastCue, 'i');
  for (const s of spans) {
    const around = text.slice(Math.max(0, s.start - 12), s.end + 12);
    const before = s.date.y * 10000 + s.date.m * 100 + s.date.d < today.y * 10000 + today.m * 100 + today.d;
    s.past = before || pastCue.test(s.text) || (pastCue.test(around) && !s.explicitFuture);
  }
}

/**
 * "remind me at 4 to call Jane": a clock hour no other date took, today, in the afternoon for 1 to 7
 * (nobody books a 4 am call); a day named elsewhere in the message is read by the roles that use it.
 */
function bareHours(text: string, found: DateSpan[], lex: CompiledLexicon, today: LocalDate): DateSpan[] {
  const out: DateSpan[] = [];
  const re = new RegExp(lex.source.dates.bareHour, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const hour = Number(m[1]);
    const minute = Number(m[2] ?? 0);
    const start = m.index + m[0].search(/\d/);
    const end = m.index + m[0].length;
    if (hour > 23 || minute > 59 || found.some((s) => start < s.end + 1 && s.start < end + 1)) continue;
    out.push({
      start,
      end,
      text: text.slice(start, end),
      date: today,
      time: { h: hour >= 1 && hour < 8 ? hour + 12 : hour, mi: minute },
      weekdayOnly: false,
      explicitFuture: true,
      past: false,
      dayless: true,
    });
  }
  return out;
}

const compiledSources = new Map<string, RegExp>();

/** A lexicon pattern compiled once (case-insensitive). */
function pattern(source: string, flags = ''): RegExp {
  let re = compiledSources.get(source + flags);
  if (!re) {
    re = new RegExp(source, `i${flags}`);
    compiledSources.set(source + flags, re);
  }
  return re;
}

/**
 * "the 24th at 10", "the 24th 10:00": a clock time right after a day our own rules read takes that day
 * (chrono never sees the pair, as the day is ours). Without "at" it needs minutes or am/pm, so "the
 * 24th 10 seats" stays a day and a count. A bare hour from 1 to 7 is in the afternoon, as `bareHours`.
 */
function timeAfterDay(text: string, spans: DateSpan[], lex: CompiledLexicon): void {
  const re = pattern(lex.source.dates.timeAfterDay);
  for (const span of spans) {
    if (span.time) continue;
    const m = re.exec(text.slice(span.end));
    if (!m || (!m[1] && !m[3] && !m[4] && !m[5])) continue;
    const hour = Number(m[2]);
    const minute = Number(m[3] ?? 0);
    if (hour > 23 || minute > 59) continue;
    let h = hour;
    if (m[5] && hour < 12) h += 12;
    else if (m[4] && hour === 12) h = 0;
    else if (!m[4] && !m[5] && hour >= 1 && hour < 8) h += 12;
    span.time = { h, mi: minute };
    span.end += m[0].trimEnd().length;
    span.text = text.slice(span.start, span.end);
  }
}

/**
 * "9am on the 18th": a clock time alone, right before a day our own rules read, is that day's time (chrono
 * read the time as today's or tomorrow's, not knowing the day). The time's span joins the day's.
 */
function timeBeforeDay(text: string, custom: DateSpan[], read: DateSpan[], lex: CompiledLexicon): DateSpan[] {
  const timeOnly = pattern(lex.source.dates.timeOnly);
  const gap = pattern(lex.source.dates.timeDayGap);
  const joined = new Set<DateSpan>();
  for (const day of custom) {
    if (day.time) continue;
    const time = read.find(
      (s) => s.time && s.end <= day.start && timeOnly.test(s.text) && gap.test(text.slice(s.end, day.start)),
    );
    if (!time?.time) continue;
    day.time = time.time;
    day.start = time.start;
    day.text = text.slice(day.start, day.end);
    joined.add(time);
  }
  return read.filter((s) => !joined.has(s));
}

/**
 * "15 min before my 3pm", "half an hour before the 2pm tmrw": an offset right before a time moves it back,
 * and its words join the span (so a title leaves them out).
 */
function offsetsBefore(text: string, spans: DateSpan[], lex: CompiledLexicon): void {
  const re = pattern(lex.source.dates.offsetBefore);
  const hours = pattern(lex.source.dates.hourUnit);
  for (const span of spans) {
    if (!span.time) continue;
    const m = re.exec(text.slice(0, span.start));
    if (!m) continue;
    const count = m[1] ? Number(m[1]) : m[2] ? 0.5 : 1;
    const minutes = Math.round(count * (hours.test(m[4] ?? '') ? 60 : 1));
    let total = span.time.h * 60 + span.time.mi - minutes;
    if (total < 0) {
      span.date = addDays(span.date, -1);
      total += 24 * 60;
    }
    span.time = { h: Math.floor(total / 60), mi: total % 60 };
    span.start = m.index;
    span.text = text.slice(span.start, span.end);
    span.offset = true;
  }
}

/** Every date or time the text mentions, resolved forward from `now` in the context's zone. */
export function findDates(text: string, ctx: ResolvedContext, lex: CompiledLexicon): DateSpan[] {
  const now = toLocal(ctx.nowMs, ctx.timezone);
  const today = { y: now.y, m: now.m, d: now.d };
  const custom = customDates(text, today, lex);
  timeAfterDay(text, custom, lex);
  const found = [...custom, ...timeBeforeDay(text, custom, chronoDates(text, ctx, lex, custom), lex)];
  const spans = [...found, ...bareHours(text, found, lex, today)].sort((a, b) => a.start - b.start);
  offsetsBefore(text, spans, lex);
  markPast(spans, text, lex, today);
  return spans;
}

/** The same date read as something that already happened: "on Friday" means last Friday in a log. */
export function asPast(span: DateSpan, today: LocalDate): LocalDate {
  const d = span.date;
  const after = d.y * 10000 + d.m * 100 + d.d > today.y * 10000 + today.m * 100 + today.d;
  if (!after || span.explicitFuture) return d;
  if (span.weekdayOnly) return addDays(d, -7);
  return { ...d, y: d.y - 1 };
}

/** A bare weekday that is today, read as a deadline ("by Wednesday" on a Wednesday), means next week's. */
export function asAhead(span: DateSpan, today: LocalDate): LocalDate {
  const d = span.date;
  const same = d.y === today.y && d.m === today.m && d.d === today.d;
  return same && span.weekdayOnly && !span.time ? addDays(d, 7) : d;
}
