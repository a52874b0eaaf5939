import type { GoalPeriod } from './goals.tables.js';

export type CalendarPeriod = Exclude<GoalPeriod, 'custom'>;

/** A period as a half-open interval [start, end), in UTC. */
export interface PeriodBounds {
  start: Date;
  end: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOf(period: CalendarPeriod, at: Date): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  switch (period) {
    case 'week': {
      const midnight = Date.UTC(year, month, at.getUTCDate());
      // getUTCDay: Sunday 0 ... Saturday 6; weeks start on Monday.
      const sinceMonday = (at.getUTCDay() + 6) % 7;
      return new Date(midnight - sinceMonday * DAY_MS);
    }
    case 'month':
      return new Date(Date.UTC(year, month, 1));
    case 'quarter':
      return new Date(Date.UTC(year, month - (month % 3), 1));
    case 'year':
      return new Date(Date.UTC(year, 0, 1));
  }
}

function after(period: CalendarPeriod, start: Date): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  switch (period) {
    case 'week':
      return new Date(start.getTime() + 7 * DAY_MS);
    case 'month':
      return new Date(Date.UTC(year, month + 1, 1));
    case 'quarter':
      return new Date(Date.UTC(year, month + 3, 1));
    case 'year':
      return new Date(Date.UTC(year + 1, 0, 1));
  }
}

/** The calendar period (weeks from Monday, months, quarters, years in UTC) holding the instant `at`. */
export function calendarPeriod(period: CalendarPeriod, at: Date): PeriodBounds {
  const start = startOf(period, at);
  return { start, end: after(period, start) };
}

/**
 * The period after `current`: the next calendar period, or for a custom period one of the same length
 * starting where it ends.
 */
export function nextPeriod(period: GoalPeriod, current: PeriodBounds): PeriodBounds {
  if (period === 'custom') {
    const length = current.end.getTime() - current.start.getTime();
    return { start: current.end, end: new Date(current.end.getTime() + length) };
  }
  return calendarPeriod(period, current.end);
}
