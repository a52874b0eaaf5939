import type { CompiledLexicon } from '../lexicon/index.js';
import {
  addDays,
  endOfMonth,
  quarterEnd,
  quarterOf,
  quarterStart,
  startOfMonth,
  startOfWeek,
  weekday,
  type LocalDate,
} from '../time/calendar.js';
import { formatDate } from '../time/zone.js';
import type { Period } from '../types.js';

type Range = [LocalDate, LocalDate];

function quarter(y: number, q: number): Range {
  return [quarterStart(y, q), quarterEnd(y, q)];
}

function shiftQuarter(t: LocalDate, by: number): Range {
  const index = t.y * 4 + quarterOf(t) - 1 + by;
  return quarter(Math.floor(index / 4), (index % 4) + 1);
}

/** "in February" (how did we do), "in April" (a goal): that month of the current year. */
function namedMonth(m: RegExpExecArray, t: LocalDate, months: string[]): Range | undefined {
  const index = months.indexOf((m[1] ?? '').slice(0, 3).toLowerCase());
  if (index < 0) return undefined;
  const month = { y: t.y, m: index + 1, d: 1 };
  return [month, endOfMonth(month)];
}

/** "since Monday": from the last such day (today, if it is one) to today. */
function sinceWeekday(m: RegExpExecArray, t: LocalDate, weekdays: string[]): Range | undefined {
  const day = weekdays.findIndex((pattern) => new RegExp(`^(?:${pattern})$`, 'i').test(m[1] ?? ''));
  return day < 0 ? undefined : [addDays(t, -((weekday(t) - day + 7) % 7)), t];
}

function named(key: string, m: RegExpExecArray, t: LocalDate, lex: CompiledLexicon): Range | undefined {
  const { monthPrefixes: months, weekdays } = lex.source.dates;
  if (key === 'month_named') return namedMonth(m, t, months);
  if (key === 'since_weekday') return sinceWeekday(m, t, weekdays);
  const week = startOfWeek(t);
  const ranges: Record<string, () => Range> = {
    today: () => [t, t],
    tomorrow: () => [addDays(t, 1), addDays(t, 1)],
    yesterday: () => [addDays(t, -1), addDays(t, -1)],
    this_week: () => [week, addDays(week, 6)],
    next_week: () => [addDays(week, 7), addDays(week, 13)],
    last_week: () => [addDays(week, -7), addDays(week, -1)],
    this_month: () => [startOfMonth(t), endOfMonth(t)],
    next_month: () => [startOfMonth(t, 1), endOfMonth(t, 1)],
    last_month: () => [startOfMonth(t, -1), endOfMonth(t, -1)],
    this_quarter: () => shiftQuarter(t, 0),
    next_quarter: () => shiftQuarter(t, 1),
    last_quarter: () => shiftQuarter(t, -1),
    quarter_n: () => {
      const yy = m[2] ? Number(m[2]) : t.y;
      return quarter(yy < 100 ? 2000 + yy : yy, Number(m[1]));
    },
    this_year: () => [
      { y: t.y, m: 1, d: 1 },
      { y: t.y, m: 12, d: 31 },
    ],
    last_year: () => [
      { y: t.y - 1, m: 1, d: 1 },
      { y: t.y - 1, m: 12, d: 31 },
    ],
    next_7_days: () => [t, addDays(t, 6)],
  };
  return ranges[key]?.();
}

/** The reporting period a question or goal names ("this week", "Q3", "last month"), earliest first. */
export function findPeriod(text: string, today: LocalDate, lex: CompiledLexicon): Period | undefined {
  let best: { index: number; range: Range } | undefined;
  for (const [key, re] of lex.periods) {
    const m = re.exec(text);
    if (!m || (best && best.index <= m.index)) continue;
    const range = named(key, m, today, lex);
    if (range) best = { index: m.index, range };
  }
  return best ? { from: formatDate(best.range[0]), to: formatDate(best.range[1]) } : undefined;
}
