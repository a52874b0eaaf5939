/**
 * Recurring tasks: an RFC 5545 RRULE (the `rrule` package). Each occurrence's due date anchors the
 * next (`DTSTART` is the due date, never part of the rule); `COUNT` counts the occurrences of the series.
 *
 * `rrule` walks candidate dates one by one, so a rule whose dates are rare or impossible
 * ("FREQ=MINUTELY;BYHOUR=25", a leap day every minute) keeps it busy for minutes or for ever. A rule is
 * therefore first read without iterating (ranges checked), then its first occurrences are computed in a
 * worker thread that is stopped after a time limit: a rule too slow to evaluate is refused like an
 * invalid one, so a stored rule is one whose next date is quick to find.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import rrulePackage from 'rrule';
import type { FieldError } from '../../core/errors/app-error.js';

const { RRule, rrulestr } = rrulePackage;

/** The shortest gap allowed between two occurrences. */
const MIN_GAP_MS = 60_000;
/** Occurrences looked at to find gaps (BYSECOND and BYMINUTE lists make uneven ones). */
const SAMPLE = 20;
/** How long computing them may take before the rule is refused as too costly. */
const EVALUATION_LIMIT_MS = 1_000;

const RANGES: [key: string, min: number, max: number, zero: boolean][] = [
  ['bymonth', 1, 12, false],
  ['bymonthday', -31, 31, false],
  ['byyearday', -366, 366, false],
  ['byweekno', -53, 53, false],
  ['byhour', 0, 23, true],
  ['byminute', 0, 59, true],
  ['bysecond', 0, 59, true],
  ['bysetpos', -366, 366, false],
];

/** The rule text without an `RRULE:` prefix; undefined-free checks of what it may contain. */
function ruleText(recurrence: string): string {
  return recurrence.trim().replace(/^RRULE:/i, '');
}

/** What is wrong with the rule's text, read without iterating; undefined when nothing is. */
function staticError(text: string): string | undefined {
  if (/[\r\n]/.test(text)) return 'must be a single RRULE line';
  if (/(^|;)\s*DTSTART/i.test(text)) return 'must not name DTSTART: the due date anchors the rule';
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return `is not a valid RRULE: ${(error as Error).message}`;
  }
  if (options.freq === undefined || options.freq === null) return 'is not a valid RRULE: FREQ is missing';
  if (options.freq === RRule.SECONDLY) return 'must not fire more than once a minute';
  if (options.interval !== undefined && (!Number.isInteger(options.interval) || options.interval < 1))
    return 'must have an INTERVAL of at least 1';
  if (options.count !== undefined && options.count !== null && options.count < 1)
    return 'must have a COUNT of at least 1';
  for (const [key, min, max, zero] of RANGES) {
    const raw = (options as Record<string, unknown>)[key];
    const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
    for (const value of values as number[]) {
      if (!Number.isInteger(value) || value < min || value > max || (!zero && value === 0))
        return `has ${key.toUpperCase()}=${value}, outside ${min}..${max}`;
    }
  }
  return undefined;
}

const rrulePath = createRequire(import.meta.url).resolve('rrule');

/** Computes the rule's first `count` dates from `anchor` in a worker thread, stopped after the limit. */
function sampleInWorker(
  text: string,
  anchor: Date,
  count: number,
): Promise<{ dates: string[] } | { error: string } | { timedOut: true }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { rrulestr } = require(workerData.rrulePath);
    try {
      const rule = rrulestr(workerData.text, { dtstart: new Date(workerData.anchor) });
      const dates = rule.all((date, index) => index < workerData.count);
      parentPort.postMessage({ dates: dates.map((date) => date.toISOString()) });
    } catch (error) {
      parentPort.postMessage({ error: String((error && error.message) || error) });
    }`;
  return new Promise((resolve) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: { rrulePath, text, anchor: anchor.toISOString(), count },
    });
    const timer = setTimeout(() => {
      resolve({ timedOut: true });
      void worker.terminate();
    }, EVALUATION_LIMIT_MS);
    worker.once('message', (message: { dates: string[] } | { error: string }) => {
      clearTimeout(timer);
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message });
    });
  });
}

/**
 * Why an RRULE cannot be a task's recurrence (a 422 on `path`), or undefined when it can: it must
 * parse, fire at least once after `anchor` (the due date), never twice within a minute, and be quick
 * to evaluate.
 */
export async function recurrenceError(
  recurrence: string,
  anchor: Date,
  path: string,
): Promise<FieldError | undefined> {
  const text = ruleText(recurrence);
  const problem = staticError(text);
  if (problem) return { path, message: problem };
  const sample = await sampleInWorker(text, anchor, SAMPLE);
  if ('timedOut' in sample)
    return { path, message: 'fires too rarely or irregularly to be computed; simplify the rule' };
  if ('error' in sample) return { path, message: `is not a valid RRULE: ${sample.error}` };
  const dates = sample.dates.map((date) => Date.parse(date));
  if (!dates.length) return { path, message: 'never fires' };
  for (let index = 1; index < dates.length; index++) {
    if (dates[index]! - dates[index - 1]! < MIN_GAP_MS)
      return { path, message: 'must not fire more than once a minute' };
  }
  return undefined;
}

/**
 * The occurrence after the one due at `previousDue`, anchored there; null when the rule has ended
 * (its UNTIL passed, or the series has `occurrences` of its COUNT already).
 */
export function nextOccurrence(recurrence: string, previousDue: Date, occurrences: number): Date | null {
  const text = ruleText(recurrence);
  const count = RRule.parseString(text).count;
  if (count !== undefined && count !== null && occurrences >= count) return null;
  const withoutCount = text
    .split(';')
    .filter((part) => !/^\s*COUNT=/i.test(part))
    .join(';');
  return rrulestr(withoutCount, { dtstart: previousDue }).after(previousDue, false);
}
