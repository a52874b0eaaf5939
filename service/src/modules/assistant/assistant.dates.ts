/**
 * Calendar days and times as a member reads them, in their timezone: what a due date or a reminder is
 * said as in a reply, and the day arithmetic a push needs. Days are `YYYY-MM-DD`, as the parser gives them.
 */

const DAY_MS = 86_400_000;

/** The day `days` after `day` (before it, when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The day of the week of `day`: 0 Sunday .. 6 Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The same day of the month `months` later, on the month's last day when it is shorter (Jan 31 -> Feb 28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone });
    formatters.set(key, format);
  }
  return format;
}

/** The day an instant falls on in `zone`. */
export function localDay(instant: Date, zone: string): string {
  const parts = formatter(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** "Thu, Dec 3": a day as replies say it. */
export const dayLabel = (day: string): string =>
  formatter('UTC', { weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(`${day}T00:00:00Z`));

/** "9:00 AM": the time of day of an instant in `zone`. */
export const timeLabel = (instant: Date, zone: string): string =>
  // ICU puts a narrow no-break space before AM/PM; chat clients and tests expect a plain one.
  formatter(zone, { hour: 'numeric', minute: '2-digit' }).format(instant).replace(/\s/gu, ' ');

/** "Thu, Dec 3 at 9:00 AM": an instant as the member reads it, in their timezone. */
export const momentLabel = (instant: Date, zone: string): string =>
  `${dayLabel(localDay(instant, zone))} at ${timeLabel(instant, zone)}`;
