import type { CompiledLexicon, DayWords } from '../lexicon/index.js';
import {
  addDays,
  daysBetween,
  endOfMonth,
  quarterEnd,
  quarterOf,
  startOfWeek,
  weekday,
  type LocalDate,
} from '../time/calendar.js';

/** A date the text mentions, with wall-clock fields in the context's zone. */
export interface DateSpan {
  start: number;
  end: number;
  text: string;
  date: LocalDate;
  time?: { h: number; mi: number };
  /** "Friday" alone, which a log means as last Friday. */
  weekdayOnly: boolean;
  /** "next Friday", "in 3 days": never moved into the past. */
  explicitFuture: boolean;
  past: boolean;
  /** Moved back by an offset before it ("15 min before my 3pm"). */
  offset?: true;
  /** A clock hour said without a day ("at 9"): today's, which a reminder takes as the next one. */
  dayless?: true;
}

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, today: LocalDate) => { date: LocalDate; time?: { h: number; mi: number } };
  /** A part of a day (EOD, "after lunch"), which takes the day word next to it. */
  partOfDay?: true;
  /** The match starts with a verb that is not part of the date ("slipped to next quarter"). */
  verbLead?: true;
  /** Only the match's last group is the date ("closing q2": "q2"). */
  lastGroup?: true;
}

/** The day a day word names: today, tomorrow, or the next day (today included) on the named weekday. */
function dayWord(word: string, today: LocalDate, days: DayWords): LocalDate {
  if (days.tomorrow.test(word)) return addDays(today, 1);
  const target = days.weekdays.findIndex((re) => re.test(word));
  if (target < 0) return today;
  return addDays(today, (target - weekday(today) + 7) % 7);
}

function endOfWeek(today: LocalDate, next: boolean): LocalDate {
  const friday = addDays(startOfWeek(today), 4);
  const passed = daysBetween(friday, today) > 0;
  return next || passed ? addDays(friday, 7) : friday;
}

function dayOfMonth(day: number, today: LocalDate): LocalDate {
  const thisMonth = endOfMonth(today);
  if (day >= today.d && day <= thisMonth.d) return { ...today, d: day };
  const next = endOfMonth(today, 1);
  return { ...next, d: Math.min(day, next.d) };
}

function nextPeriodEnd(unit: string, today: LocalDate): LocalDate {
  if (unit === 'quarter') {
    const q = quarterOf(today) + 1;
    return q > 4 ? quarterEnd(today.y + 1, 1) : quarterEnd(today.y, q);
  }
  if (unit === 'year') return { y: today.y + 1, m: 12, d: 31 };
  return endOfMonth(today, 1);
}

function rules(lex: CompiledLexicon): Rule[] {
  const d = lex.source.dates;
  const eod = { h: d.eodHour, mi: 0 };
  const isNext = (m: RegExpExecArray): boolean => lex.days.next.test(m[0]);
  return [
    { re: new RegExp(d.eod, 'gi'), resolve: (_m, t) => ({ date: t, time: eod }), partOfDay: true },
    {
      re: new RegExp(d.mealTime, 'gi'),
      resolve: (_m, t) => ({ date: t, time: { h: d.mealHour, mi: 0 } }),
      partOfDay: true,
    },
    { re: new RegExp(d.vagueDayPart, 'gi'), resolve: (_m, t) => ({ date: t }), partOfDay: true },
    { re: new RegExp(d.endOfWeek, 'gi'), resolve: (m, t) => ({ date: endOfWeek(t, isNext(m)) }) },
    { re: new RegExp(d.endOfMonth, 'gi'), resolve: (m, t) => ({ date: endOfMonth(t, isNext(m) ? 1 : 0) }) },
    {
      re: new RegExp(d.endOfQuarter, 'gi'),
      resolve: (m, t) => {
        const named = /q([1-4])/i.exec(m[0]);
        const q = named ? Number(named[1]) : quarterOf(t) + (isNext(m) ? 1 : 0);
        return { date: q > 4 ? quarterEnd(t.y + 1, 1) : quarterEnd(t.y, q) };
      },
    },
    {
      re: new RegExp(d.endOfNamedMonth, 'gi'),
      resolve: (m, t) => {
        const month = d.monthsShort.indexOf((m[1] ?? '').toLowerCase().slice(0, 3)) + 1;
        // The next such month end: "end of jan" said in March is next January's.
        const end = endOfMonth({ y: t.y, m: month, d: 1 });
        return { date: daysBetween(end, t) > 0 ? endOfMonth({ y: t.y + 1, m: month, d: 1 }) : end };
      },
    },
    {
      re: new RegExp(d.endOfYear, 'gi'),
      resolve: (m, t) => ({ date: { y: t.y + (isNext(m) ? 1 : 0), m: 12, d: 31 } }),
    },
    {
      re: new RegExp(d.dayOfMonth, 'gi'),
      resolve: (m, t) => ({ date: dayOfMonth(Number(m[1] ?? m[2]), t) }),
    },
    {
      re: new RegExp(d.nextPeriodEnd, 'gi'),
      resolve: (m, t) => ({ date: nextPeriodEnd(m[1] ?? 'month', t) }),
      verbLead: true,
    },
    { re: new RegExp(d.nextWeek, 'gi'), resolve: (_m, t) => ({ date: startOfWeek(t, 1) }) },
    { re: new RegExp(d.dayAfterTomorrow, 'gi'), resolve: (_m, t) => ({ date: addDays(t, 2) }) },
    {
      re: new RegExp(d.closingQuarter, 'gi'),
      resolve: (m, t) => {
        const q = Number(/([1-4])/.exec(m[1] ?? '')?.[1] ?? 1);
        return { date: quarterEnd(q < quarterOf(t) ? t.y + 1 : t.y, q) };
      },
      lastGroup: true,
    },
  ];
}

const compiled = new WeakMap<CompiledLexicon, Rule[]>();

/** "eod fri", "tomorrow first thing": a part of a day takes the day word next to it. */
function widenToDay(text: string, span: DateSpan, today: LocalDate, days: DayWords): void {
  const after = days.after.exec(text.slice(span.end));
  const before = days.before.exec(text.slice(0, span.start));
  if (after) {
    span.date = dayWord(after[1] ?? '', today, days);
    span.end += after[0].length;
  } else if (before) {
    span.date = dayWord(before[1] ?? '', today, days);
    span.start -= before[0].length;
  }
  span.text = text.slice(span.start, span.end);
}

/** Sales-chat date phrases chrono does not read as we want: EOD, end of month/quarter, "the 15th". */
export function customDates(text: string, today: LocalDate, lex: CompiledLexicon): DateSpan[] {
  let list = compiled.get(lex);
  if (!list) {
    list = rules(lex);
    compiled.set(lex, list);
  }
  const out: DateSpan[] = [];
  for (const rule of list) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (out.some((s) => start < s.end && s.start < end)) continue;
      const { date, time } = rule.resolve(m, today);
      // The date starts after "by", "to", "until": deadline cues read the words before a date.
      const lead = rule.lastGroup
        ? m[0].lastIndexOf(m[1] ?? '')
        : rule.verbLead
          ? Math.max(0, m[0].search(lex.days.next))
          : (lex.days.lead.exec(m[0])?.[0].length ?? 0);
      const span: DateSpan = {
        start: start + lead,
        end,
        text: m[0].slice(lead),
        date,
        weekdayOnly: false,
        explicitFuture: true,
        past: false,
      };
      if (time) span.time = time;
      if (rule.partOfDay) widenToDay(text, span, today, lex.days);
      out.push(span);
    }
  }
  return out;
}
