/**
 * Recurring tasks: an RFC 5545 RRULE (the `rrule` package) anchored at the series' first due date.
 * Completing an occurrence, or the `recurring-tasks` schedule coming close to the next date, creates
 * the next occurrence.
 */
import rrulePackage from 'rrule';
import type { FieldError } from '../../core/errors/app-error.js';

const { rrulestr } = rrulePackage;

/** The shortest gap allowed between two occurrences. */
const MIN_GAP_MS = 60_000;
/** Occurrences looked at to find gaps (BYSECOND and BYMINUTE lists make uneven ones). */
const SAMPLE = 20;

type Rule = ReturnType<typeof rrulestr>;

function parse(recurrence: string, anchor: Date): Rule {
  const text = recurrence.replace(/^RRULE:/i, '');
  if (/(^|\n)\s*DTSTART/i.test(text)) return rrulestr(text);
  return rrulestr(text, { dtstart: anchor });
}

/**
 * Why an RRULE cannot be a task's recurrence (a 422 on `path`), or undefined when it can: it must
 * parse, fire at least once after `anchor`, and never twice within a minute.
 */
export function recurrenceError(recurrence: string, anchor: Date, path: string): FieldError | undefined {
  let rule: Rule;
  try {
    rule = parse(recurrence, anchor);
  } catch (error) {
    return { path, message: `is not a valid RRULE: ${(error as Error).message}` };
  }
  if (/FREQ=SECONDLY/i.test(recurrence)) return { path, message: 'must not fire more than once a minute' };
  const dates = rule.all((_date, index) => index < SAMPLE);
  if (!dates.length) return { path, message: 'never fires' };
  for (let index = 1; index < dates.length; index++) {
    if (dates[index]!.getTime() - dates[index - 1]!.getTime() < MIN_GAP_MS)
      return { path, message: 'must not fire more than once a minute' };
  }
  return undefined;
}

/** The first occurrence strictly after `after`, for a series anchored at `anchor`; null when it ended. */
export function nextOccurrence(recurrence: string, anchor: Date, after: Date): Date | null {
  return parse(recurrence, anchor).after(after, false);
}
