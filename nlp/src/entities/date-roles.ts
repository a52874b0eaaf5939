import type { ResolvedContext } from '../context.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import type { MessageSpans } from '../spans.js';
import { addDays, daysBetween, type LocalDate } from '../time/calendar.js';
import { formatDate, formatDateTime, toLocal } from '../time/zone.js';
import type { Entities, Intent } from '../types.js';
import { asAhead, asPast, type DateSpan } from './dates.js';

interface DateInput {
  msg: { text: string };
  spans: MessageSpans;
  ctx: ResolvedContext;
  intent: Intent;
  start: number;
  end: number;
  lex: CompiledLexicon;
}

function format(date: LocalDate, span: DateSpan, ctx: ResolvedContext): string {
  return span.time ? formatDateTime({ ...date, ...span.time }, ctx.timezone) : formatDate(date);
}

/** A due date: a day, or an instant when a clock time other than the end of the day is said ("by 3pm fri"). */
function formatDue(date: LocalDate, span: DateSpan, g: DateInput): string {
  const endOfDay = span.time?.h === g.lex.source.dates.eodHour && span.time.mi === 0;
  return endOfDay ? formatDate(date) : format(date, span, g.ctx);
}

function isDeadline(text: string, span: DateSpan, cue: RegExp): boolean {
  const firstWord = /^\S+\s/.exec(span.text)?.[0] ?? '';
  return cue.test(text.slice(Math.max(0, span.start - 20), span.start)) || cue.test(firstWord);
}

/** "remind me at 9" said at 10:30: a clock hour without a day that has passed today is tomorrow's. */
function nextOccurrence(span: DateSpan, ctx: ResolvedContext): LocalDate {
  const now = toLocal(ctx.nowMs, ctx.timezone);
  const passed = span.time && span.time.h * 60 + span.time.mi <= now.h * 60 + now.mi;
  const today = span.date.y === now.y && span.date.m === now.m && span.date.d === now.d;
  return span.dayless && passed && today ? addDays(span.date, 1) : span.date;
}

function reminderDates(g: DateInput, dates: DateSpan[], e: Entities): void {
  const deadline = dates.find((d) => isDeadline(g.msg.text, d, g.lex.days.deadlineCue));
  const when = dates.find((d) => d !== deadline) ?? deadline;
  if (when) e.remindAt = format(nextOccurrence(when, g.ctx), when, g.ctx);
  if (deadline && when !== deadline) e.dueDate = formatDue(deadline.date, deadline, g);
}

/** A deal's expected close: a date with close language before it, else the first that is no deliverable's deadline. */
function closeDateOf(g: DateInput, dates: DateSpan[], closeCue: RegExp): DateSpan | undefined {
  const before = (d: DateSpan): string => {
    const window = g.msg.text.slice(Math.max(g.start, d.start - 48), d.start);
    return window.slice(Math.max(0, window.search(/[^;.!?]*$/)));
  };
  return (
    dates.find((d) => closeCue.test(before(d))) ??
    dates.find((d) => !d.past && !isDeadline(g.msg.text, d, g.lex.days.deadlineCue))
  );
}

/** "Acme should sign next month": without a date, close language takes the end of a future period it names. */
function dealDates(g: DateInput, dates: DateSpan[], e: Entities): void {
  const close = closeDateOf(g, dates, g.lex.closeCue);
  if (close) {
    e.closeDate = format(close.date, close, g.ctx);
    return;
  }
  const today = formatDate(toLocal(g.ctx.nowMs, g.ctx.timezone));
  const body = g.msg.text.slice(g.start, g.end);
  if (dates.length === 0 && e.period && e.period.from > today && g.lex.expectedClose.test(body)) {
    e.closeDate = e.period.to;
  }
}

/** How far back a logged interaction's date may lie before it reads as a date of the future instead. */
const RECENT_DAYS = 180;

/** Give the clause's dates their role: when it happened, when it is due, when to remind, when it closes. */
export function assignDates(g: DateInput, e: Entities): void {
  const dates = g.spans.dates.filter((d) => d.start >= g.start && d.end <= g.end);
  if (g.intent === 'create_opportunity' || g.intent === 'update_opportunity') {
    dealDates(g, dates, e);
    return;
  }
  const first = dates[0];
  if (!first) return;
  switch (g.intent) {
    case 'log_interaction': {
      // "to confirm tomorrow's meeting", "out till monday", "decision by 3/28" are about the future, and so
      // is a calendar date later this year ("meeting on 3/19", which read as past is a year ago): none
      // says when the interaction happened.
      const now = toLocal(g.ctx.nowMs, g.ctx.timezone);
      const today = { y: now.y, m: now.m, d: now.d };
      const when = dates.find(
        (d) =>
          !d.explicitFuture &&
          !isDeadline(g.msg.text, d, g.lex.days.deadlineCue) &&
          daysBetween(asPast(d, today), today) <= RECENT_DAYS,
      );
      // "she confirmed by phone at 9:15", said at 10:30: a clock hour without a day, passed today, is today's.
      const clock = dates.find(
        (d) =>
          d.dayless &&
          d.time !== undefined &&
          d.time.h * 60 + d.time.mi <= now.h * 60 + now.mi &&
          !isDeadline(g.msg.text, d, g.lex.days.deadlineCue),
      );
      if (when) e.occurredAt = format(asPast(when, today), when, g.ctx);
      else if (clock) e.occurredAt = format(today, clock, g.ctx);
      return;
    }
    case 'set_goal':
      return;
    case 'create_task':
    case 'update_task': {
      // "enter last week's call notes" names no due date.
      // ("move my 3pm prep to 4:30": of the dates a change names, the one it moves to.)
      const ahead = dates.filter((d) => !d.past);
      const due =
        (g.intent === 'update_task' && ahead.length > 1
          ? ahead.find(
              (d, i) => i > 0 && g.lex.movedTo.test(g.msg.text.slice(Math.max(0, d.start - 12), d.start)),
            )
          : undefined) ?? ahead[0];
      const now = toLocal(g.ctx.nowMs, g.ctx.timezone);
      if (due) e.dueDate = formatDue(asAhead(due, { y: now.y, m: now.m, d: now.d }), due, g);
      return;
    }
    case 'set_reminder':
      reminderDates(g, dates, e);
      return;
    default:
      if (!e.period) e.period = { from: formatDate(first.date), to: formatDate(first.date) };
  }
}
