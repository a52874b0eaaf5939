/** Wall-clock fields in some time zone (month 1..12). */
export interface LocalDateTime {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone name. */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

type Wall = LocalDateTime & { s: number };
/** Recent conversions: one message asks for the same few instants many times. */
const recent = new Map<string, Wall>();

/** Wall-clock fields of an instant in a zone. */
export function toLocal(utcMs: number, timezone: string): Wall {
  const key = `${timezone}|${utcMs}`;
  const hit = recent.get(key);
  if (hit) return { ...hit };
  const wall = computeLocal(utcMs, timezone);
  if (recent.size >= 512) recent.clear();
  recent.set(key, wall);
  return { ...wall };
}

function computeLocal(utcMs: number, timezone: string): Wall {
  const parts = formatterFor(timezone).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    h: get('hour') % 24,
    mi: get('minute'),
    s: get('second'),
  };
}

/** Minutes the zone is ahead of UTC at the given instant. */
export function offsetMinutes(utcMs: number, timezone: string): number {
  const l = toLocal(utcMs, timezone);
  const asUtc = Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** The instant of a wall-clock time in a zone; two passes settle DST edges. */
export function fromLocal(t: LocalDateTime, timezone: string): number {
  const naive = Date.UTC(t.y, t.m - 1, t.d, t.h, t.mi);
  const first = naive - offsetMinutes(naive, timezone) * 60000;
  return naive - offsetMinutes(first, timezone) * 60000;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** `YYYY-MM-DD` for a local date. */
export function formatDate(t: { y: number; m: number; d: number }): string {
  return `${pad(t.y, 4)}-${pad(t.m)}-${pad(t.d)}`;
}

/** ISO 8601 with the zone's offset at that wall-clock time, e.g. 2025-03-13T15:00:00-04:00. */
export function formatDateTime(t: LocalDateTime, timezone: string): string {
  const off = offsetMinutes(fromLocal(t, timezone), timezone);
  const sign = off < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${formatDate(t)}T${pad(t.h)}:${pad(t.mi)}:00${zone}`;
}
