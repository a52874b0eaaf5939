/**
 * Quiet hours: HH:MM to HH:MM in the member's own timezone; a start after the end spans midnight
 * (22:00-07:00), equal ends mean no quiet hours. Push, email and chat deliveries that fall inside wait
 * until the end; the in-app inbox is never held.
 */

const MINUTES_PER_DAY = 24 * 60;

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The wall-clock time of `at` in `timezone`, as minutes after midnight (and the seconds past the minute). */
export function localMinutes(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/** Whether `timezone` is an IANA name this runtime knows. */
export function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When the quiet hours around `now` end, or null when `now` is outside them (or they are off). The end
 * is the first minute at which the local clock reads `end`.
 */
export function quietHoursEnd(
  now: Date,
  quietHours: { enabled: boolean; start: string; end: string; timezone: string },
): Date | null {
  if (!quietHours.enabled) return null;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return null;
  const local = localMinutes(now, quietHours.timezone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return null;
  const wait = (end - local + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
