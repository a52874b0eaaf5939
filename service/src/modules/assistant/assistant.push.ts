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
  zone: string;
}): Promise<PushedDue> {
  const { title, current, wanted, push, zone } = input;
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
  const { fromLocal } = await import('@closer/nlp');
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { dueAt: new Date(fromLocal({ y, m, d, ...clockOf(wanted, zone) }, zone)), wasDue: current };
}
