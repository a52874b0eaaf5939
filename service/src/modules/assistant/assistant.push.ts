/**
 * A push ("push the proposal to next week", "postpone", "delay", "slip", "move it back") asks for a later
 * due date, and never gets an earlier one. The parser gives the day its words name ("next week" is that
 * week's Monday, "monday" the coming one) and says that the change is a push, with the kind of period its
 * date names (`Command.push`); the assistant keeps that with the command (`entities.push`), which a
 * confirmation may carry out later.
 */
import type { Command } from '@closer/nlp';
import { AppError } from '../../core/errors/app-error.js';
import { localMinutes } from '../notifications/quiet-hours.js';
import { addDays, addMonths, dayLabel, localDay, weekdayOf } from './assistant.dates.js';

/** The period a push names: a week, a month, a weekday, or a date ("tomorrow", "Dec 3"). */
export type PushPeriod = NonNullable<Command['push']>;

/** The amount a push names ("a week": `{days: 7}`, "a month": `{months: 1}`). */
export type PushAmount = NonNullable<Command['pushBy']>;

/** A push amount kept with a held command (JSON), or undefined for anything else. */
export function pushAmount(value: unknown): PushAmount | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { days, months } = value as { days?: unknown; months?: unknown };
  if (typeof days === 'number' && Number.isInteger(days) && days > 0) return { days };
  if (typeof months === 'number' && Number.isInteger(months) && months > 0) return { months };
  return undefined;
}

/** The day an amount after `day`. */
export function amountAfter(day: string, by: PushAmount): string {
  return 'months' in by ? addMonths(day, by.months) : addDays(day, by.days);
}

/**
 * The day a push lands on when the day named (`named`) is not after the task's (`current`): the same
 * point of the next period after the task's date (a week later, a month later, the weekday named after
 * it); undefined for a date, which only the member can correct.
 */
export function laterDay(period: PushPeriod, current: string, named: string): string | undefined {
  if (period === 'week') return addDays(current, 7);
  if (period === 'month') return addMonths(current, 1);
  if (period === 'weekday') return addDays(current, ((weekdayOf(named) - weekdayOf(current) + 6) % 7) + 1);
  return undefined;
}

/** Local wall-clock time of an instant in a zone, as the parser's `fromLocal` takes it. */
function clockOf(instant: Date, zone: string): { h: number; mi: number } {
  const minutes = localMinutes(instant, zone);
  return { h: Math.floor(minutes / 60), mi: minutes % 60 };
}

export interface PushedDue {
  dueAt: Date;
  /** Set when the push moved past the day named: the due date the task had, to say in the reply. */
  wasDue?: Date;
}

/**
 * The due time a change sets: `wanted` (the parser's date as an instant), unless the change is a push
 * and `wanted` is not later than the task's due time; then the later day of `laterDay`, at the same
 * time of day. A date that would move the task earlier is refused with a sentence that asks for another.
 */
export async function pushedDue(input: {
  title: string;
  current: Date | null;
  wanted: Date;
  push: PushPeriod | undefined;
  /** A push by an amount ("push it a week"): counted from the task's due date when it has one. */
  by?: PushAmount | undefined;
  zone: string;
}): Promise<PushedDue> {
  const { title, current, wanted, push, by, zone } = input;
  if (by && current) return { dueAt: await onDay(amountAfter(localDay(current, zone), by), current, zone) };
  if (!push || !current || wanted.getTime() > current.getTime()) return { dueAt: wanted };
  const currentDay = localDay(current, zone);
  const day = laterDay(push, currentDay, localDay(wanted, zone));
  if (!day)
    throw AppError.validation([
      {
        path: '',
        message: `"${title}" is already due ${dayLabel(currentDay)}, after ${dayLabel(localDay(wanted, zone))}: a push never moves it earlier. Say a later date`,
      },
    ]);
  return { dueAt: await onDay(day, wanted, zone), wasDue: current };
}

/** `day` (YYYY-MM-DD) at the local time of day of `clock`. */
async function onDay(day: string, clock: Date, zone: string): Promise<Date> {
  const { fromLocal } = await import('@closer/nlp');
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(fromLocal({ y, m, d, ...clockOf(clock, zone) }, zone));
}
