/** A calendar day without a zone (month 1..12). */
export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

const toMs = (t: LocalDate): number => Date.UTC(t.y, t.m - 1, t.d);

function fromMs(ms: number): LocalDate {
  const dt = new Date(ms);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The day `n` days after `t` (negative goes back). */
export function addDays(t: LocalDate, n: number): LocalDate {
  return fromMs(toMs(t) + n * DAY_MS);
}

/** Day of week, 0 = Sunday. */
export function weekday(t: LocalDate): number {
  return new Date(toMs(t)).getUTCDay();
}

/** Days from `a` to `b`. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** Last day of the month containing `t`, shifted by `monthOffset` months. */
export function endOfMonth(t: LocalDate, monthOffset = 0): LocalDate {
  return fromMs(Date.UTC(t.y, t.m + monthOffset, 0));
}

/** First day of the month containing `t`, shifted by `monthOffset` months. */
export function startOfMonth(t: LocalDate, monthOffset = 0): LocalDate {
  return fromMs(Date.UTC(t.y, t.m - 1 + monthOffset, 1));
}

/** Monday of the ISO week containing `t`, shifted by `weekOffset` weeks. */
export function startOfWeek(t: LocalDate, weekOffset = 0): LocalDate {
  const back = (weekday(t) + 6) % 7;
  return addDays(t, -back + 7 * weekOffset);
}

/** First day of quarter `q` (1..4) of year `y`. */
export function quarterStart(y: number, q: number): LocalDate {
  return { y, m: (q - 1) * 3 + 1, d: 1 };
}

/** Last day of quarter `q` (1..4) of year `y`. */
export function quarterEnd(y: number, q: number): LocalDate {
  return endOfMonth({ y, m: q * 3, d: 1 });
}

/** Quarter (1..4) containing `t`. */
export function quarterOf(t: LocalDate): number {
  return Math.floor((t.m - 1) / 3) + 1;
}

/** Compare two days: negative when a is earlier. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return toMs(a) - toMs(b);
}
